import { FormSchemas1764731100000 } from './1764731100000-form-schemas';
import { FormSchemaEntity } from './form-schema.entity';

export { FormSchemaEntity } from './form-schema.entity';
export * from './form-schema.store';
/** Appended to ENTITIES / MIGRATIONS. */
export const FORM_ENTITIES = [FormSchemaEntity];
export const FORM_MIGRATIONS = [FormSchemas1764731100000];
