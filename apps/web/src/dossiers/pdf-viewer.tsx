import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { ErrorMessage, Loading } from '../common/feedback';

interface Props {
  /** loads the bytes (with the session's token) */
  load: (signal: AbortSignal) => Promise<Blob>;
  title: string;
  onClose: () => void;
}

/**
 * Inline viewer of a PDF or image fetched with the session's token: the browser's own PDF
 * viewer in an iframe (an <img> for images), with "print" and "open in a new tab".
 */
export function DocumentViewer({ load, title, onClose }: Props) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [type, setType] = useState('');
  const [error, setError] = useState<unknown>();
  const frame = useRef<HTMLIFrameElement>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    setUrl(null);
    setError(undefined);
    loadRef
      .current(controller.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setType(blob.type);
        setUrl(objectUrl);
      })
      .catch((e: unknown) => !controller.signal.aborted && setError(e));
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [title]);

  return (
    <section className="viewer" aria-label={t('viewer.label', { name: title })}>
      <header className="viewer-head">
        <h3>{title}</h3>
        <div className="row-actions">
          {url && !type.startsWith('image/') && (
            <button type="button" className="btn btn-small" onClick={() => frame.current?.contentWindow?.print()}>
              {t('viewer.print')}
            </button>
          )}
          {url && (
            <a className="btn btn-small" href={url} target="_blank" rel="noreferrer">
              {t('viewer.newTab')}
            </a>
          )}
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </header>
      {error ? (
        <ErrorMessage error={error} />
      ) : !url ? (
        <Loading />
      ) : type.startsWith('image/') ? (
        <img className="viewer-image" src={url} alt={title} />
      ) : (
        <iframe ref={frame} className="viewer-frame" src={url} title={title} />
      )}
    </section>
  );
}
