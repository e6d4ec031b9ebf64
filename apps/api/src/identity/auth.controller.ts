import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Public } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { AuthService, type LoginResult } from './auth.service';
import { UsersService } from './users.service';

const PasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(8).max(256) });
const LoginBody = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token' })
  @ApiBody({ schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } }, required: ['username', 'password'] } })
  login(@Body() body: unknown, @Req() req: Request): Promise<LoginResult> {
    const { username, password } = parseInput(LoginBody, body);
    return this.auth.login(username, password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the caller\'s own password' })
  async password(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<void> {
    const { currentPassword, newPassword } = parseInput(PasswordBody, body);
    await this.users.changeOwnPassword(user, currentPassword, newPassword);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The authenticated user' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
