/**
 * The widget in a real browser (Debian's Chromium via playwright-core), framed by the demo host page exactly as
 * Bitrix24 frames an app: handshake, height fitting, the deal tab's numbers, ru and en, the app page with the
 * chart, the manager's leaderboard moving live when a deal is won, and the error state. Screenshots of each view
 * go to test-results/ (kept by the test run).
 *
 * One suite, two stacks: widget-fake.test.ts (a contract-valid fake API: fast, can pull the plug) and
 * widget-demo.test.ts (the real demo stack: emulator + server on SQLite + engine). Expected numbers come from the
 * stack's own API, so the same assertions hold on both.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../widget/build/ensure-built';
import { formatMoney, formatMoneyDelta, formatRatio } from '../../../widget/src/i18n/format';
import { launchChromium } from './chromium';
import { apiAs, repDeals } from './expect-api';
import { type BrowserStack, type StackKind, startStack } from './stack';

const NBSP = '\u00a0';
const SHOTS = join(ROOT, 'test-results');

export function widgetSuite(kind: StackKind): void {
  let browser: Browser;
  let stack: BrowserStack;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    stack = await startStack(kind);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function openHost(hash: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await page.goto(`${stack.hostUrl}#${hash}`);
    return page;
  }

  async function widgetFrame(page: Page, placement: 'CRM_DEAL_DETAIL_TAB' | 'LEFT_MENU'): Promise<Frame> {
    const handle = await page.waitForSelector(`iframe[data-placement="${placement}"]`);
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('widget frame did not load');
    return frame;
  }

  /** Whole page for app views; just the viewport for deal cards (the slider covers a long deal list). */
  const shot = (page: Page, name: string) =>
    page.screenshot({
      path: join(SHOTS, `${kind === 'fake' ? 'widget' : kind}-${name}.png`),
      fullPage: !name.startsWith('deal-') && !name.startsWith('error'),
    });

  describe(`widget inside the Bitrix24 host page (${kind} stack)`, () => {
    it('completes the frame handshake and opens a Kvota session with the frame credentials', async () => {
      const deal = repDeals(stack).open[0]!;
      const page = await openHost(`/deal/${deal.id}?as=rep&lang=ru`);
      const frame = await widgetFrame(page, 'CRM_DEAL_DETAIL_TAB');
      await frame.waitForSelector('[data-ready="true"]');
      const log = (await page.evaluate(
        () => (window as unknown as { __host: { protocolLog: { dir: string; command: string }[] } }).__host.protocolLog,
      )) as {
        dir: string;
        command: string;
      }[];
      expect(log.filter((e) => e.command === 'getInitData').map((e) => e.dir)).toEqual(['in', 'out']);
      const name = await page.$eval(
        'iframe[data-placement="CRM_DEAL_DETAIL_TAB"]',
        (f) => (f as HTMLIFrameElement).name,
      );
      expect(name).toMatch(/^127\.0\.0\.1:\d+\|0\|[0-9a-f]{32}$/);
      expect(name.split('|')[0]).toBe(stack.portal.domain); // the host page is served at the portal's origin
      if (stack.sessions && stack.verifyAuth) {
        const session = stack.sessions().at(-1)!;
        expect(session).toMatchObject({
          crm: 'bitrix24',
          domain: stack.portal.domain,
          memberId: stack.portal.memberId,
        });
        expect(stack.verifyAuth(session.authId)).toBe(stack.personas.rep);
      }
      await page.close();
    });

    it('fits the frame height to the content (resizeWindow)', async () => {
      const page = await openHost(`/deal/${repDeals(stack).open[0]!.id}?as=rep&lang=ru`);
      const frame = await widgetFrame(page, 'CRM_DEAL_DETAIL_TAB');
      await frame.waitForSelector('[data-ready="true"]');
      await page.waitForFunction(
        () => Number(document.querySelector('iframe.h-frame')?.getAttribute('data-resizes')) > 0,
      );
      await page.waitForTimeout(200); // let the last resize land
      const iframeHeight = await page.$eval(
        'iframe.h-frame',
        (f) => (f as HTMLIFrameElement).getBoundingClientRect().height,
      );
      const content = await frame.evaluate(() =>
        Math.ceil(document.getElementById('app')!.getBoundingClientRect().height),
      );
      expect(iframeHeight).not.toBe(160); // the host's initial height
      expect(Math.abs(iframeHeight - content)).toBeLessThanOrEqual(2);
      await page.close();
    });

    it('shows the deal tab numbers the engine computes, in Russian, readable at 360 px', async () => {
      const deal = repDeals(stack).open[0]!;
      const api = await apiAs(stack, stack.personas.rep);
      const [estimate, summary] = await Promise.all([api.estimate(deal.id), api.summary()]);
      const page = await openHost(`/deal/${deal.id}?as=rep&lang=ru`, 400); // the frame gets ~364 px
      const frame = await widgetFrame(page, 'CRM_DEAL_DETAIL_TAB');
      await frame.waitForSelector('[data-ready="true"]');
      if (summary.hasPlan) {
        expect(await frame.textContent('[data-testid="attainment"]')).toBe(formatRatio(summary.attainment, 'ru'));
        expect(await frame.textContent('[data-testid="earned"]')).toBe(formatMoney(summary.earned, 'ru'));
      }
      if (estimate.counts) {
        expect(await frame.textContent('[data-testid="payout-delta"]')).toBe(
          formatMoneyDelta(estimate.payoutDelta, 'ru'),
        );
        if (estimate.attainmentBefore !== null) {
          expect(await frame.textContent('[data-testid="attainment-move"]')).toBe(
            `Выполнение: ${formatRatio(estimate.attainmentBefore, 'ru')} → ${formatRatio(estimate.attainmentAfter, 'ru')}`,
          );
        }
      } else {
        expect(await frame.textContent('[data-testid="not-counting-reason"]')).toBeTruthy();
      }
      if (stack.kind === 'fake') {
        // the fake's numbers, spelled out: the Russian format with no-break spaces
        expect(await frame.textContent('[data-testid="attainment"]')).toBe(`87,5${NBSP}%`);
        expect(await frame.textContent('[data-testid="payout-delta"]')).toBe(`+12${NBSP}500${NBSP}₽`);
        expect(await frame.textContent('[data-testid="rank-move"]')).toBe('Место: 3 → 1');
      }
      const [scroll, inner] = await frame.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(inner).toBeLessThanOrEqual(370);
      expect(scroll).toBeLessThanOrEqual(inner); // nothing sticks out sideways
      await shot(page, 'deal-tab-ru-360');
      await page.close();
    });

    it('renders in English when the portal language is en', async () => {
      const deal = repDeals(stack).open[0]!;
      const summary = await (await apiAs(stack, stack.personas.rep)).summary();
      const page = await openHost(`/deal/${deal.id}?as=rep&lang=en`);
      const frame = await widgetFrame(page, 'CRM_DEAL_DETAIL_TAB');
      await frame.waitForSelector('[data-ready="true"]');
      expect(await frame.textContent('h1')).toBe('What this deal means for you');
      if (summary.hasPlan) {
        expect(await frame.textContent('[data-testid="attainment"]')).toBe(formatRatio(summary.attainment, 'en'));
      }
      if (stack.kind === 'fake') expect(await frame.textContent('[data-testid="payout-delta"]')).toBe('+₽12,500');
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe('en');
      await shot(page, 'deal-tab-en');
      await page.close();
    });

    it('says clearly why a lost deal does not count', async () => {
      const lost = repDeals(stack).lost[0];
      if (!lost) return; // a portal without lost deals of this rep: nothing to show
      const page = await openHost(`/deal/${lost.id}?as=rep&lang=ru`);
      const frame = await widgetFrame(page, 'CRM_DEAL_DETAIL_TAB');
      await frame.waitForSelector('[data-ready="true"]');
      expect(await frame.textContent('[data-testid="not-counting-reason"]')).toBe(
        'Сделка проиграна — в план и выплату она не идёт.',
      );
      await shot(page, 'deal-tab-lost');
      await page.close();
    });

    it('shows the rep dashboard with the chart loaded on demand and the statement', async () => {
      const page = await openHost('/app?as=rep&lang=ru');
      const frame = await widgetFrame(page, 'LEFT_MENU');
      await frame.waitForSelector('[data-ready="true"]');
      await frame.waitForSelector('.k-chart[data-state="ready"]');
      const summary = await (await apiAs(stack, stack.personas.rep)).summary();
      expect(await frame.textContent('[data-testid="attainment"]')).toBe(formatRatio(summary.attainment, 'ru'));
      await frame.waitForSelector('[data-testid="statement-total"]');
      if (stack.kind === 'fake') {
        expect(await frame.textContent('[data-testid="statement-total"]')).toBe(`43${NBSP}750,00${NBSP}₽`);
        expect(await frame.locator('[data-testid="open-deals"] li').count()).toBe(2);
      }
      await shot(page, 'dashboard-ru');
      // a question on a statement line: the form takes focus, the answer says it went to the manager
      await frame.click('text=Вопрос по строке');
      expect(await frame.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
      await page.keyboard.type('Почему база меньше выручки?'); // typed where the focus is
      await frame.click('button[type="submit"]');
      await frame.waitForSelector('text=Вопрос отправлен руководителю.');
      // plan acknowledgement
      const ack = frame.locator('text=Ознакомлен(а)').first();
      if (await ack.isVisible()) {
        await ack.click();
        await frame.waitForSelector('[data-testid="ack-done"]');
      }
      await page.close();
    });

    it('moves the manager leaderboard live when a deal is won, without reloading the frame', async () => {
      const page = await openHost('/app?as=manager&lang=ru&view=team');
      const frame = await widgetFrame(page, 'LEFT_MENU');
      await frame.waitForSelector('[data-testid="leaderboard"]');
      const rep = String(stack.personas.rep);
      const repValue = () =>
        frame.textContent(`[data-testid="leaderboard"] tr[data-rep="${rep}"] [data-testid="lb-value"]`);
      const before = await repValue();
      await frame.evaluate(() => {
        (window as unknown as { __marker: number }).__marker = 42;
      });
      await frame.waitForSelector('.k-live--open');
      await shot(page, 'team-before-win');
      const deal = repDeals(stack).open[0]!; // the rep wins an open deal in the CRM
      await stack.portal.control.winDeal!(deal.id);
      await expect.poll(repValue, { timeout: stack.kind === 'fake' ? 5000 : 30_000 }).not.toBe(before);
      expect(await frame.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42); // no reload
      if (stack.kind === 'fake') {
        expect(await frame.getAttribute('[data-testid="leaderboard"] tbody tr:first-child', 'data-rep')).toBe('7');
      }
      await shot(page, 'team-after-win');
      const other = await frame.getAttribute(
        `[data-testid="leaderboard"] tbody tr:not([data-rep="${rep}"])`,
        'data-rep',
      );
      const otherName = await frame.textContent(`[data-rep="${other}"] button`);
      await frame.click(`[data-rep="${other}"] button`);
      await frame.waitForSelector('[data-testid="statement"]');
      expect(await frame.textContent('[data-testid="statement"] h2')).toContain(otherName!.trim());
      await shot(page, 'team-drill-statement');
      await page.close();
    });

    it('gives the admin a settings tab: plans, quotas, and closing the period', async () => {
      const page = await openHost('/app?as=admin&lang=ru&view=admin');
      page.on('dialog', (d) => void d.accept());
      const frame = await widgetFrame(page, 'LEFT_MENU');
      await frame.waitForSelector('[data-testid="admin"]');
      await frame.waitForSelector('[data-testid="quotas"]');
      expect(await frame.locator('[role="tab"]').allTextContents()).toEqual(['Мой план', 'Команда', 'Настройка']);
      expect(await frame.locator('[data-testid="plans"] tbody tr').count()).toBeGreaterThan(0);
      await shot(page, 'admin-ru');
      if (stack.kind === 'fake') {
        await frame.click('text=Утвердить расчёты');
        await frame.waitForSelector('[data-testid="close-status"]:has-text("Не утверждено расчётов: 0")');
        await frame.click('text=Закрыть период');
        await frame.waitForSelector('[data-testid="close-status"]:has-text("Период закрыт")');
      }
      await page.close();
    });

    it('says the server is unreachable and recovers on retry', async () => {
      if (!stack.setDown) return; // only the fake stack can pull the plug
      stack.setDown(true);
      try {
        const page = await openHost(`/deal/${repDeals(stack).open[0]!.id}?as=rep&lang=ru`);
        const frame = await widgetFrame(page, 'CRM_DEAL_DETAIL_TAB');
        await frame.waitForSelector('[role="alert"]');
        expect(await frame.textContent('[role="alert"] .k-notice__title')).toBe('Сервер Квоты недоступен');
        await shot(page, 'error-unreachable');
        stack.setDown(false);
        await frame.click('[role="alert"] button');
        await frame.waitForSelector('[data-ready="true"]');
        await page.close();
      } finally {
        stack.setDown(false);
      }
    });

    it('tells a person who opens the widget outside Bitrix24 where it lives', async () => {
      const page = await browser.newPage();
      await page.goto(`${stack.widgetUrl}deal-tab.html`);
      await page.waitForSelector('.k-notice');
      expect(await page.textContent('.k-notice__title')).toMatch(/Bitrix24|Битрикс24/);
      await page.close();
    });
  });
}
