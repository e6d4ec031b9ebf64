import type { temporal } from '@temporalio/proto';

/** the activity types of the local activities a history recorded (their markers name the type) */
export function localActivityTypes(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? e.markerRecordedEventAttributes.details?.data?.payloads?.[0]?.data : undefined;
    const marker = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string; activityType?: string }) : undefined;
    return marker ? [marker.activity_type ?? marker.activityType ?? ''] : [];
  });
}
