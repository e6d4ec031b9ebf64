import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, PortalAllowed, Roles } from '../common/auth/auth.decorators';
import { parseInput } from '../common/validation/parse-input.util';
import { MessagesService } from './messages.service';

const MessageBody = z.object({
  name: z.string().min(1).max(255),
  correlationKey: z.string().max(255).optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
});
/** the portal always names the dossier it speaks for: no broadcast */
const PortalMessageBody = MessageBody.extend({ correlationKey: z.string().min(1).max(255) });
const SignalBody = z.object({ name: z.string().min(1).max(255), variables: z.record(z.string(), z.unknown()).optional() });

@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post('messages')
  @HttpCode(202)
  @Roles('admin', 'analyst', 'officer')
  @ApiOperation({ summary: 'Publish a BPMN message (correlated by name and correlation key)' })
  @ApiBody({ schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, correlationKey: { type: 'string' }, variables: { type: 'object' } } } })
  message(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.messages.publishMessage(parseInput(MessageBody, body), user);
  }

  @Post('portal/messages')
  @HttpCode(202)
  @Roles('portal')
  @PortalAllowed()
  @ApiOperation({ summary: 'The national/provincial portal forwards a citizen\'s message (e.g. a resubmission, ho-so-bo-sung); portal service accounts only' })
  @ApiBody({ schema: { type: 'object', required: ['name', 'correlationKey'], properties: { name: { type: 'string' }, correlationKey: { type: 'string' }, variables: { type: 'object' } } } })
  portalMessage(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.messages.publishMessage(parseInput(PortalMessageBody, body), user, 'portal');
  }

  @Post('signals')
  @HttpCode(202)
  @Roles('admin', 'analyst', 'officer')
  @ApiOperation({ summary: 'Broadcast a BPMN signal to every active instance' })
  @ApiBody({ schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, variables: { type: 'object' } } } })
  signal(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.messages.broadcastSignal(parseInput(SignalBody, body), user);
  }
}
