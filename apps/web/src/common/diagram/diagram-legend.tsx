import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';

/** The legend under a run's diagram: active and completed, then what the diagram adds. */
export function DiagramLegend({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <figcaption className="legend" aria-label={t('instance.diagramLegend')}>
      <LegendItem swatch="active">{t('instance.legend.active')}</LegendItem>
      <LegendItem swatch="completed">{t('instance.legend.completed')}</LegendItem>
      {children}
    </figcaption>
  );
}

export function LegendItem({ swatch, children }: { swatch: string; children: ReactNode }) {
  return (
    <span className="legend-item">
      <span className={`swatch swatch-${swatch}`} aria-hidden="true" />
      {children}
    </span>
  );
}
