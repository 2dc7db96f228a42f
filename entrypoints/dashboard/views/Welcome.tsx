/**
 * First run (`#/welcome`, where `npm start` opens, and the overview while nothing is stored): what Coevo does, that
 * nothing leaves the machine, and the three ways in — capture a site from the popup, import an export, try the sample.
 */
import { t } from '../../../components/i18n';
import { SITE_IDS, SITE_NAMES } from '../../../model/types';
import type { Ctx } from '../ctx';

export function Welcome({ ctx }: { ctx: Ctx }) {
  return (
    <div class="welcome" data-welcome>
      <h1 tabIndex={-1}>{t('welcomeTitle')}</h1>
      <p class="lead">{t('welcomeWhat')}</p>
      <p class="card privacy-note" data-welcome-privacy>
        {t('welcomePrivate')} <a href="#/privacy">{t('navPrivacy')}</a>
      </p>
      <h2>{t('welcomeStart')}</h2>
      <ol class="welcome-steps">
        <li class="card" data-welcome-step="capture">
          <h3>{t('welcomeCaptureTitle')}</h3>
          <p>{t('welcomeCapture')}</p>
          <p class="muted">{t('welcomeSites', SITE_IDS.map((s) => SITE_NAMES[s]).join(', '))}</p>
        </li>
        <li class="card" data-welcome-step="import">
          <h3>{t('welcomeImportTitle')}</h3>
          <p>{t('welcomeImport')}</p>
          <a class="button" href="#/import">
            {t('navImport')}
          </a>
        </li>
        <li class="card" data-welcome-step="sample">
          <h3>{t('welcomeSampleTitle')}</h3>
          <p>{t('emptySample')}</p>
          {ctx.kind === 'main' && (
            <button type="button" class="primary" onClick={ctx.startSample} data-action="load-sample">
              {t('trySample')}
            </button>
          )}
        </li>
      </ol>
    </div>
  );
}
