import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { DiagramLegend, LegendItem } from '../common/diagram/diagram-legend';
import type { DiagramParts } from '../common/diagram/diagram-parts';
import { stateMarks } from '../common/diagram/state-marks';
import { useDiagramViewer } from '../common/diagram/use-diagram-viewer';

interface Props {
  xml: string;
  activeIds: string[];
  completedIds: string[];
  incidentIds?: string[];
}

/** Read-only diagram of an instance: active elements and completed elements are marked. */
export function BpmnDiagramViewer({ xml, activeIds, completedIds, incidentIds = [] }: Props) {
  const { t } = useI18n();
  const markerKey = `${activeIds.join(',')}|${completedIds.join(',')}|${incidentIds.join(',')}`;
  // markers follow the instance state; markerKey stands for the three id lists
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const paint = useCallback((parts: DiagramParts) => stateMarks(parts, { activeIds, completedIds, incidentIds }), [markerKey]);
  const { host, failed } = useDiagramViewer(xml, paint);

  return (
    <figure className="diagram-figure">
      <div
        ref={host}
        className="diagram-canvas"
        role="group"
        aria-label={t('instance.diagram')}
        data-active={activeIds.join(' ')}
        data-completed={completedIds.join(' ')}
      />
      {failed && <p className="muted">{t('instance.diagramUnavailable')}</p>}
      <DiagramLegend>{incidentIds.length > 0 && <LegendItem swatch="incident">{t('instance.legend.incident')}</LegendItem>}</DiagramLegend>
    </figure>
  );
}
