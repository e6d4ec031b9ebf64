import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { DiagramLegend, LegendItem } from '../common/diagram/diagram-legend';
import type { DiagramParts } from '../common/diagram/diagram-parts';
import { stateMarks } from '../common/diagram/state-marks';
import { useDiagramViewer } from '../common/diagram/use-diagram-viewer';
import { formatDuration, type Moment } from './replay-model';
import './audit.css';

/**
 * The diagram of the exact version the dossier ran, at one moment of its replay: completed
 * elements (green), active ones with their tokens (blue), incidents (red), flows taken, the
 * elements never reached so far (faded), and on each element reached its count and time.
 */
export function ReplayDiagram({ xml, moment }: { xml: string; moment: Moment }) {
  const { t, lang } = useI18n();
  const paint = useCallback(
    ({ canvas, registry, overlays }: DiagramParts) => {
      overlays.remove({ type: 'replay-stats' });
      const root = canvas.getRootElement().id;
      for (const s of moment.stats) {
        if (s.elementId === root || !registry.get(s.elementId)) continue;
        const tokens = moment.snapshot?.tokens[s.elementId] ?? 0;
        const badge = document.createElement('div');
        badge.className = 'replay-stat';
        badge.textContent = `×${s.count}${s.durationMs > 0 ? ` · ${formatDuration(s.durationMs, lang)}` : ''}${tokens > 0 ? ` · ● ${tokens}` : ''}`;
        overlays.add(s.elementId, 'replay-stats', { position: { bottom: 8, left: 0 }, html: badge });
      }
      return stateMarks({ canvas, registry }, moment, { fadeUnreached: true });
    },
    [moment, lang],
  );
  const { host, failed } = useDiagramViewer(xml, paint);

  return (
    <figure className="diagram-figure">
      <div
        ref={host}
        className="diagram-canvas replay-canvas"
        role="group"
        aria-label={t('instance.diagram')}
        data-active={moment.activeIds.join(' ')}
        data-completed={moment.completedIds.join(' ')}
        data-event={moment.event.id}
      />
      {failed && <p className="muted">{t('instance.diagramUnavailable')}</p>}
      <DiagramLegend>
        <LegendItem swatch="unreached">{t('auditDossier.legend.unreached')}</LegendItem>
      </DiagramLegend>
    </figure>
  );
}
