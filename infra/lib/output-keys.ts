/**
 * The stack's CloudFormation output keys, defined once beside the CLI that reads them.
 * @module
 */
export { OUTPUT_KEYS } from 'facegate/aws/output-keys';
