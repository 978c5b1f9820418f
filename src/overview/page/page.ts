// The staff page: complete on first load without JavaScript (everything rendered here), then a small
// inline script polls the same origin and swaps in fresh figures and map colours.
import { escapeMarkup as e } from '../escape';
import { LABELS, LANGUAGES, Language } from '../i18n';
import { PHASE_COLOURS } from '../map/palette';
import { LiveSectionsInput, renderLiveSections } from './sections';

export interface OverviewPageInput extends LiveSectionsInput {
  /** The map as rendered by renderMapSvg, inlined so that the script can recolour it. */
  map: string;
}

const POLL_MS = 5000;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f4f6f8;line-height:1.4}
header{display:flex;align-items:center;justify-content:space-between;gap:16px;padding:14px 28px;background:#fff;border-bottom:1px solid #dde2e8}
h1{font-size:1.3rem;margin:0}
nav.languages{display:flex;gap:4px}
nav.languages a{padding:4px 12px;border-radius:999px;border:1px solid #c8d0d9;color:#1d2430;text-decoration:none;font-size:.9rem}
nav.languages a[aria-current="page"]{background:${PHASE_COLOURS.LIVE};border-color:${PHASE_COLOURS.LIVE};color:#fff}
main{display:grid;grid-template-columns:minmax(280px,440px) minmax(0,1fr);gap:24px;max-width:1320px;margin:0 auto;padding:24px 28px}
@media (max-width:900px){main{grid-template-columns:1fr}}
.card{background:#fff;border:1px solid #e1e6eb;border-radius:10px;padding:18px 20px}
#map{align-self:start;position:sticky;top:16px}
#map h2{margin-top:0}
#map svg{width:100%;height:auto;display:block}
#map path:hover{stroke:#111;stroke-width:1.2}
#live{display:flex;flex-direction:column;gap:20px}
#live>section{background:#fff;border:1px solid #e1e6eb;border-radius:10px;padding:18px 20px}
h2{font-size:1.1rem;margin:0 0 12px}
h3{font-size:.95rem;margin:18px 0 8px}
.headline .big{font-size:2rem;font-weight:700;margin:0;color:${PHASE_COLOURS.LIVE}}
.headline .detail{margin:4px 0 10px;font-size:1.05rem}
.bar{height:10px;background:#e4e8ec;border-radius:5px;overflow:hidden}
.bar span{display:block;height:100%;background:${PHASE_COLOURS.LIVE}}
.updated{margin:8px 0 0;font-size:.85rem;color:#5b6673}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:5px 8px;text-align:left;border-bottom:1px solid #eceff2;vertical-align:top}
thead th{font-size:.8rem;color:#5b6673;font-weight:600;border-bottom:2px solid #dde2e8;vertical-align:bottom}
tbody th{font-weight:500}
table.rounds tbody th{white-space:nowrap}
tfoot th,tfoot td{font-weight:700;border-bottom:none}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:8px;vertical-align:-1px;border:1px solid rgba(0,0,0,.25)}
td.texts{color:#5b6673;font-size:.85rem}
td.texts q{margin-right:6px}
.warning{border-left:4px solid ${PHASE_COLOURS.WITHDRAWN};background:#fff4ec;padding:8px 12px;margin-bottom:12px}
.warning h3{margin:0 0 4px}
#refresh-status{margin:0;padding:8px 28px;background:#fff4ec;border-bottom:1px solid #f0c8a8}
`;

function script(language: Language): string {
  // Same-origin fetches only, with the page's credentials, so a staff login guard applies unchanged.
  return `(function(){
var live=document.getElementById('live'),status=document.getElementById('refresh-status');
var url=location.pathname.replace(/\\/?$/,'/refresh')+'?lang=${language}';
function apply(data){
live.innerHTML=data.sections;
data.municipalities.forEach(function(m){
var path=document.querySelector('#map path[data-code="'+m.code+'"]');
if(!path)return;
path.setAttribute('fill',m.fill);path.setAttribute('data-phase',m.phase);
var title=path.querySelector('title');if(title)title.textContent=m.title;
});
}
function poll(){
if(document.hidden){setTimeout(poll,${POLL_MS});return;}
fetch(url,{credentials:'same-origin',headers:{Accept:'application/json'}})
.then(function(r){if(!r.ok)throw new Error('HTTP '+r.status);return r.json();})
.then(function(data){apply(data);status.hidden=true;})
.catch(function(){status.hidden=false;})
.then(function(){setTimeout(poll,${POLL_MS});});
}
setTimeout(poll,${POLL_MS});
})();`;
}

export function renderOverviewPage({ language, stats, survey, map }: OverviewPageInput): string {
  const labels = LABELS[language];
  const switcher = LANGUAGES.map(
    (lang) =>
      `<a href="?lang=${lang}" hreflang="${lang}" lang="${lang}"${lang === language ? ' aria-current="page"' : ''}>${e(LABELS[lang].languageName)}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(labels.pageTitle)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${e(labels.pageTitle)}</h1><nav class="languages" aria-label="Kieli – Språk – Language">${switcher}</nav></header>
<p id="refresh-status" role="status" hidden>${e(labels.refreshFailed)}</p>
<main>
<section id="map" class="card"><h2>${e(labels.mapTitle)}</h2>${map}</section>
<div id="live">${renderLiveSections({ language, stats, survey })}</div>
</main>
<script>${script(language)}</script>
</body>
</html>`;
}
