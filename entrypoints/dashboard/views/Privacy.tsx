/** Privacy: what Coevo stores, where, and that nothing leaves the machine. Plain statements a person can check. */
import { t } from '../../../components/i18n';

const POINTS = ['privacyLocal', 'privacyWhat', 'privacyNoNetwork', 'privacySites', 'privacyAnalysis', 'privacySample', 'privacyControl'];

export function Privacy() {
  return (
    <>
      <h1 tabIndex={-1}>{t('privacyTitle')}</h1>
      <section class="card">
        <ul class="privacy-list">
          {POINTS.map((k) => (
            <li>{t(k)}</li>
          ))}
        </ul>
      </section>
      <section class="card">
        <h2>{t('privacyCheckTitle')}</h2>
        <p>{t('privacyCheck')}</p>
      </section>
    </>
  );
}
