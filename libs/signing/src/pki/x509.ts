// @peculiar/x509 needs the Reflect metadata polyfill loaded first; import x509 only from here.
import 'reflect-metadata';
export * from '@peculiar/x509';
