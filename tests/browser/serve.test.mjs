// `cp-screen serve` in Debian's Chromium, driven by playwright-core as a person would use
// it: clicking answers, typing numbers, pressing Back, changing an answer on the review,
// printing and downloading, in English and Chinese, with both rule sets. axe-core checks
// every page (0 serious or critical violations), the pages must not break the server's
// Content-Security-Policy, and the questionnaire must fit 320 px and 200% zoom.
//
// Run: `npm ci && npm test` here, after `cargo build` (CP_SCREEN names another binary).
// Screenshots go to target/browser-screenshots/.

import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const binary = process.env.CP_SCREEN || join(root, 'target', 'debug', 'cp-screen');
const shots = join(root, 'target', 'browser-screenshots');
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The flags of docs/../interop: no network of Chromium's own, no sandbox in a container.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts the server on a free port; resolves to its URL and the child. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LANG: 'C.UTF-8' },
    });
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ url: m[0], child });
    });
    child.on('exit', (code) => reject(new Error(`serve ended (${code}): ${seen}`)));
  });
}

const rulesOf = (set) => JSON.parse(readFileSync(join(root, 'rules', `${set}.json`), 'utf8'));

let pagesChecked = 0;
const violationsSeen = [];

/** axe-core on the page as it is now: no serious or critical violation. */
async function axe(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  pagesChecked += 1;
  for (const v of result) violationsSeen.push({ what, ...v });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad)}`);
}

/** The page fits `width` CSS pixels: nothing wider than the window. */
async function fits(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${what}: ${scroll} px wide in ${client} px`);
}

/** Checks the page at 320 px, at 200% zoom (1280 px shown at twice the size), and back. */
async function reflows(page, what, shotName) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  await fits(page, `${what} at 320 px`);
  if (shotName) await page.screenshot({ path: join(shots, `${shotName}-320.png`), fullPage: true });
  await page.setViewportSize({ width: 640, height: 400 }); // 1280 x 800 at 200%
  await fits(page, `${what} at 200%`);
  await page.setViewportSize({ width: 1280, height: 800 });
  if (shotName) await page.screenshot({ path: join(shots, `${shotName}-1280.png`), fullPage: true });
  await page.setViewportSize(size);
}

/** Does `act` (a click or a key that submits a form) and waits for the next page. */
async function submit(page, act) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
}

async function questionIndex(page) {
  return Number(await page.locator('main form input[name="at"]').getAttribute('value'));
}

/** One whole questionnaire, as a person answers it. */
async function walk(browser, url, set, lang, locale) {
  const context = await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text()); });
  const rules = rulesOf(set);
  const ids = rules.questions.map((q) => q.id);
  const tag = `${set}-${lang}`;

  await page.goto(url);
  assert.equal(await page.getAttribute('html', 'lang'), lang, 'Accept-Language decides the language');
  await axe(page, `${tag} start`);
  await reflows(page, `${tag} start`);
  // The rule set: its radio button, chosen by clicking its label.
  await page.locator(`input[name="set"][value="${set}"]`).click();
  await submit(page, () => page.locator('button[value="start"]').click());

  const wanted = {
    maternal_infection: 'yes', pre_eclampsia: 'yes', multiple_birth: 'yes', co_twin_death: 'no',
    birth_asphyxia: 'no', neonatal_seizures: 'no',
  };
  // A bare 斤 is the mainland's on a Simplified page; a Traditional page names its 斤.
  const weight = { en: '4 lb 1 oz', 'zh-Hans': '3斤2两', 'zh-Hant': '3台斤2兩' }[lang];
  const typed = { gestational_age_weeks: '31+4', birth_weight_grams: weight };
  let wentBack = false;
  let screenshotTaken = false;
  for (let step = 0; step < 60; step += 1) {
    if (await page.locator('button[value="confirm"]').count()) break;
    const at = await questionIndex(page);
    const id = ids[at];
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await axe(page, `${tag} question ${id}`);
    const legend = await page.locator('legend h1').innerText();
    assert.ok(legend.length > 0);
    if (id in typed) {
      const box = page.getByRole('textbox');
      if (id === 'gestational_age_weeks') {
        // A number out of range first: the command line's message, in the page.
        await box.fill('');
        await box.pressSequentially('45+9');
        await submit(page, () => page.keyboard.press('Enter'));
        const alert = page.getByRole('alert');
        assert.ok((await alert.innerText()).includes('45+9'), 'the error names what was typed');
        assert.equal(await page.getByRole('textbox').inputValue(), '45+9', 'kept in the box');
        assert.equal(await page.getByRole('textbox').getAttribute('aria-invalid'), 'true');
        await axe(page, `${tag} question ${id} with an error`);
        if (!screenshotTaken) {
          await reflows(page, `${tag} number question with an error`, `question-error-${lang}`);
        }
      }
      await page.getByRole('textbox').fill('');
      await page.getByRole('textbox').pressSequentially(typed[id]);
      await submit(page, () => page.locator('button[value="next"]').click());
      const echo = page.locator('.echo');
      assert.ok((await echo.innerText()).includes(typed[id]), `${id}: the echo of ${typed[id]}`);
      continue;
    }
    // A yes/no question: "Don't know" is chosen until a person chooses otherwise.
    const checked = await page.locator('input[name="answer"]:checked').getAttribute('value');
    if (at === 2 && !wentBack) {
      // Back to the question before: its answer is still chosen.
      await submit(page, () => page.locator('button[value="back"]').click());
      assert.equal(await questionIndex(page), 1);
      const prev = wanted[ids[1]] || 'unknown';
      assert.equal(await page.locator('input[name="answer"]:checked').getAttribute('value'), prev);
      wentBack = true;
      await submit(page, () => page.locator('button[value="next"]').click());
      continue;
    }
    if (!wentBack || at > 2) assert.equal(checked, 'unknown', `${id}: Don't know, never no`);
    if (!screenshotTaken && at === 1) {
      await reflows(page, `${tag} question`, `question-${lang}`);
      screenshotTaken = true;
    }
    const answer = wanted[id];
    if (at === 0) {
      // Keyboard only: Tab onto the answers, arrows to choose, Enter to go on.
      await page.locator('body').focus();
      await page.keyboard.press('Tab'); // the language switch comes first
      let guard = 0;
      while (!(await page.evaluate(() => document.activeElement?.name === 'answer')) && guard < 10) {
        await page.keyboard.press('Tab');
        guard += 1;
      }
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        return { value: el.value, outline: s.outlineStyle, width: s.outlineWidth };
      });
      assert.notEqual(focused.outline, 'none', 'the focus is visible');
      // From "Don't know" (checked), ArrowUp twice reaches "Yes".
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.locator('input[name="answer"]:checked').getAttribute('value'), 'yes');
      await submit(page, () => page.keyboard.press('Enter'));
      continue;
    }
    if (answer) await page.locator(`input[name="answer"][value="${answer}"]`).click();
    await submit(page, () => page.locator('button[value="next"]').click());
  }

  // The review: every question asked, each with a Change button.
  await axe(page, `${tag} review`);
  await reflows(page, `${tag} review`, `review-${lang}-${set}`);
  if (set === 'cerebral-palsy-evidence') {
    assert.equal(await page.locator('button[value="change:co_twin_death"]').count(), 1, 'asked: twins');
    // Change "twins" to no: the question about the twin goes.
    await submit(page, () => page.locator('button[value="change:multiple_birth"]').click());
    await page.locator('input[name="answer"][value="no"]').click();
    await submit(page, () => page.locator('button[value="next"]').click());
    assert.equal(await page.locator('button[value="change:co_twin_death"]').count(), 0, 'not asked now');
  } else {
    await submit(page, () => page.locator(`button[value="change:${ids[3]}"]`).click());
    await page.locator('input[name="answer"][value="yes"]').click();
    await submit(page, () => page.locator('button[value="next"]').click());
  }
  assert.ok(await page.locator('button[value="confirm"]').count(), 'back on the review');
  await submit(page, () => page.locator('button[value="confirm"]').click());

  // The result: the printable report with its warning signs.
  await axe(page, `${tag} result`);
  await reflows(page, `${tag} result`, `result-${lang}-${set}`);
  assert.ok(await page.locator('.warning').isVisible(), 'the warning signs');
  assert.ok(await page.locator('.notice').first().isVisible(), 'the notice');
  const print = page.locator('button[data-print]');
  assert.ok(await print.isVisible(), 'the Print button (with the script)');
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await print.click();
  assert.equal(await page.evaluate(() => window.printed), 1, 'Print prints');
  for (const format of ['A4', 'Letter']) {
    const pdf = await page.pdf({ format, printBackground: false });
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pageCount, 1, `${tag}: the printed result is one ${format} page`);
    writeFileSync(join(shots, `result-${lang}-${set}-${format}.pdf`), pdf);
  }

  // Downloads: the answer record and the FHIR QuestionnaireResponse.
  for (const [action, check] of [
    ['/download/record', (j) => assert.equal(j.gestational_age_weeks, '31+4')],
    ['/download/fhir', (j) => assert.equal(j.resourceType, 'QuestionnaireResponse')],
  ]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`form[action="${action}"] button`).click(),
    ]);
    const path = join(shots, `${tag}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    check(JSON.parse(readFileSync(path, 'utf8')));
  }

  // The language switch on the result: the same result, in the other language.
  const other = lang === 'en' ? 'zh-Hans' : 'en';
  await submit(page, () => page.locator(`button[name="switch"][value="${other}"]`).click());
  assert.equal(await page.getAttribute('html', 'lang'), other);
  assert.ok(await page.locator('.warning').isVisible());
  await axe(page, `${tag} result switched to ${other}`);

  // Start again: a clean start page, no answer anywhere in it.
  await submit(page, () => page.locator('a[href="/"]').first().click());
  assert.equal(await page.locator('input[name^="a."]').count(), 0, 'nothing kept');
  // The browser's Back button does not bring the result back from a cache (no-store):
  // Chromium would have to send the answers again, and asks first.
  const back = await page.goBack().then(() => 'the page came back', (e) => e.message);
  assert.match(back, /ERR_CACHE_MISS/, 'Back shows no result from a cache');
  await page.waitForURL(/^chrome-error:/, { timeout: 5000 }).catch(() => {});
  await page.waitForLoadState('load');

  // Error pages are pages too.
  await page.goto(`${url}nowhere`);
  await axe(page, `${tag} not found`);
  assert.deepEqual(cspErrors, [], `${tag}: nothing the policy refused`);
  await context.close();
}

const { url, child } = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
try {
  for (const [set, lang, locale] of [
    ['cerebral-palsy', 'en', 'en-GB'],
    ['cerebral-palsy', 'zh-Hans', 'zh-CN'],
    ['cerebral-palsy-evidence', 'en', 'en-US'],
    ['cerebral-palsy-evidence', 'zh-Hans', 'zh-CN'],
    ['cerebral-palsy', 'zh-Hant', 'zh-TW'],
  ]) {
    await walk(browser, url, set, lang, locale);
    console.log(`ok: ${set} in ${lang}`);
  }
  // axe-core can fail here: a page with an unlabelled box and a low-contrast text is caught.
  const check = await browser.newPage();
  await check.goto(url);
  await check.evaluate(() => {
    const box = document.createElement('input');
    box.type = 'text';
    const grey = document.createElement('p');
    grey.textContent = 'grey on white';
    grey.style.color = '#eee';
    document.querySelector('main').append(box, grey);
  });
  await assert.rejects(axe(check, 'a page made wrong on purpose'), /label|color-contrast/);
  violationsSeen.length = 0;
  await check.close();

  const minor = violationsSeen.map((v) => `${v.impact} ${v.id}`);
  console.log(`axe-core: ${pagesChecked} pages, 0 serious or critical; others: ${[...new Set(minor)].join(', ') || 'none'}`);
  console.log(`screenshots: ${shots}`);
} finally {
  await browser.close();
  child.kill();
}
