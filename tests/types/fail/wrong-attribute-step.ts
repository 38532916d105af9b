// Must NOT compile: DONE carries no codeDeliveryDetails.
import type { UpdateUserAttributeOutput } from 'cognito-wasm';
export function f(out: UpdateUserAttributeOutput): string | undefined {
  if (out.nextStep.updateAttributeStep === 'DONE') return out.nextStep.codeDeliveryDetails.destination;
  return undefined;
}
