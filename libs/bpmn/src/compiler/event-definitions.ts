/** BPMN event definitions → graph EventDefinition (one per event; several = unsupported). */
import type { EventDefinition } from '@tthc/contracts';
import type { CompileIssue } from './compile-error';
import { CAMUNDA_NS, El, ZEEBE_NS, extAttr, extElement, juelToFeel, prop, stripEq } from './extensions';

/** camunda:/zeebe: attribute on an event definition (catch events store the code/message there) */
const vendorAttr = (d: El, name: string) => extAttr(d, CAMUNDA_NS, name) ?? extAttr(d, ZEEBE_NS, name);

const SUPPORTED: Record<string, true> = {
  'bpmn:MessageEventDefinition': true,
  'bpmn:TimerEventDefinition': true,
  'bpmn:SignalEventDefinition': true,
  'bpmn:ErrorEventDefinition': true,
  'bpmn:EscalationEventDefinition': true,
  'bpmn:TerminateEventDefinition': true,
  'bpmn:LinkEventDefinition': true,
  'bpmn:CompensateEventDefinition': true,
  'bpmn:ConditionalEventDefinition': true,
  'bpmn:CancelEventDefinition': true,
};

export function messageOf(msg: El): { name: string; correlationKey?: string } | undefined {
  if (!msg?.name) return undefined;
  const sub = extElement(msg, ZEEBE_NS, 'subscription');
  const key = prop(sub, 'correlationKey');
  return { name: msg.name, ...(key ? { correlationKey: stripEq(key) } : {}) };
}

export function eventDefinitionOf(el: El, issues: CompileIssue[]): EventDefinition | undefined {
  // BPMN 2.0.2 §10.5.1: an event's definitions are its own eventDefinitions plus the ones declared at
  // `definitions` level (root elements) it references by eventDefinitionRef
  const refs: El[] = (el.eventDefinitionRef ?? []).filter(Boolean);
  const defs: El[] = [...(el.eventDefinitions ?? []), ...refs];
  if ((el.eventDefinitionRef ?? []).some((r: El) => !r)) {
    issues.push({ elementId: el.id, rule: 'missing-ref', message: 'eventDefinitionRef names no event definition declared in the file' });
    return undefined;
  }
  if (defs.length === 0) return undefined;
  if (defs.length > 1) {
    issues.push({ elementId: el.id, rule: 'unsupported-element', message: `multiple / parallel-multiple events are not supported (${defs.length} event definitions)` });
    return undefined;
  }
  const d = defs[0];
  if (!SUPPORTED[d.$type]) {
    const kind = String(d.$type).replace('bpmn:', '').replace('EventDefinition', '').toLowerCase();
    issues.push({ elementId: el.id, rule: 'unsupported-element', message: `${kind} events are not supported` });
    return undefined;
  }
  switch (d.$type) {
    case 'bpmn:MessageEventDefinition': {
      const m = messageOf(d.messageRef);
      if (!m) {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'message event without a message (messageRef with a name)' });
        return undefined;
      }
      return { kind: 'message', messageRef: d.messageRef.id, ...m };
    }
    case 'bpmn:TimerEventDefinition': {
      const cal = d.calendar === 'working' ? 'working' : 'absolute';
      const pick = d.timeDate ? 'date' : d.timeDuration ? 'duration' : d.timeCycle ? 'cycle' : undefined;
      const body = pick ? String((d.timeDate ?? d.timeDuration ?? d.timeCycle).body ?? '').trim() : '';
      if (!pick || !body) {
        issues.push({ elementId: el.id, rule: 'timer-no-definition', message: 'timer event without timeDate, timeDuration or timeCycle' });
        return undefined;
      }
      return { kind: 'timer', timer: { type: pick, value: body }, calendar: cal };
    }
    case 'bpmn:SignalEventDefinition':
      if (!d.signalRef?.name) {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'signal event without a signal (signalRef with a name)' });
        return undefined;
      }
      return { kind: 'signal', signalRef: d.signalRef.id, name: d.signalRef.name };
    case 'bpmn:ErrorEventDefinition':
      if (d.errorRef && !d.errorRef.errorCode && el.$type === 'bpmn:EndEvent') {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'error end event references an error without errorCode' });
      } else if (!d.errorRef && el.$type === 'bpmn:EndEvent') {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'error end event without an error (errorRef)' });
      }
      return {
        kind: 'error',
        ...(d.errorRef ? { errorRef: d.errorRef.id } : {}),
        ...(d.errorRef?.errorCode ? { errorCode: d.errorRef.errorCode } : {}),
        ...(vendorAttr(d, 'errorCodeVariable') ? { errorCodeVariable: vendorAttr(d, 'errorCodeVariable') } : {}),
        ...(vendorAttr(d, 'errorMessageVariable') ? { errorMessageVariable: vendorAttr(d, 'errorMessageVariable') } : {}),
      };
    case 'bpmn:EscalationEventDefinition':
      if (!d.escalationRef?.escalationCode && (el.$type === 'bpmn:EndEvent' || el.$type === 'bpmn:IntermediateThrowEvent')) {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'escalation throw event without an escalation code (escalationRef)' });
      }
      return {
        kind: 'escalation',
        ...(d.escalationRef ? { escalationRef: d.escalationRef.id } : {}),
        ...(d.escalationRef?.escalationCode ? { escalationCode: d.escalationRef.escalationCode } : {}),
        ...(vendorAttr(d, 'escalationCodeVariable') ? { escalationCodeVariable: vendorAttr(d, 'escalationCodeVariable') } : {}),
      };
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:CancelEventDefinition':
      return { kind: 'cancel' };
    case 'bpmn:LinkEventDefinition':
      if (!d.name) {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'link event without a name' });
        return undefined;
      }
      return { kind: 'link', name: d.name };
    case 'bpmn:ConditionalEventDefinition': {
      const body = String(d.condition?.body ?? '').trim();
      if (!body) {
        issues.push({ elementId: el.id, rule: 'missing-ref', message: 'conditional event without a condition' });
        return undefined;
      }
      return { kind: 'conditional', condition: juelToFeel(body) };
    }
    case 'bpmn:CompensateEventDefinition':
      return { kind: 'compensate', ...(d.activityRef ? { activityRef: d.activityRef.id } : {}), waitForCompletion: d.waitForCompletion !== false };
  }
  return undefined;
}
