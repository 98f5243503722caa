import { LruCache } from '../core/lru-cache';
import { laterDeadline, type Deadline } from '../domain/deadline';
import { hasContinuousParameter } from '../domain/space';
import type { Study } from '../domain/study';
import type { Suggestion } from '../samplers/sampler';
import type { RoundOrder, RoundResult, RoundSettings } from './ask-settings';
import { commitRound } from './commit-round';
import { askSnapshot, type AskSnapshot } from './concurrent-asks';
import { fallbackSuggestions } from './fallback';
import { askSeed, numberedRound, numberedSeed } from './numbered-round';
import { objectiveCounts, type HistorySnapshot } from './study-histories';
import type { SuggestJob } from './sampler-job';

/** An ask waiting for (or drawing in) a round of its study. */
interface Member {
  order: RoundOrder;
  state: 'queued' | 'drawing' | 'done';
  timer: NodeJS.Timeout;
  resolve: (result: RoundResult) => void;
  reject: (error: Error) => void;
}

/**
 * NOTE: an ask whose points are not drawn by this share of its budget before the deadline answers
 * with the fallback, leaving the rest for its commit (1-3 ms on SQLite, more on a busy
 * PostgreSQL) and the event loop, so the answer lands within 10% of the deadline (issue 12).
 */
const FALLBACK_MARGIN = 0.05;

/**
 * The fallback of an ask whose deadline came first and a spare point of the round before answered
 * it. Its own prefix, so the fallback metric's `reason` label ('spare') tells a model-guided spare
 * from the random points of 'deadline'.
 */
export const SPARE_FALLBACK = "spare: the ask's deadline came first, and a spare point of the round before answered it (the round in flight goes on for the next asks)";

/**
 * Spare points a merged round draws per ask it merged (see AskRounds). NOTE: a round's spares
 * cover the asks of the rounds after it whose deadline comes first; one per ask covers one round
 * like it. On 3 PostgreSQL replicas of 32 workers on this 2-core machine (bench:load `--model-phases
 * replicas --replicas 3 --replica-workers 32 --replica-trials 300`, seeds 0-1), where rounds
 * outlast their asks' deadlines one after another, the model answered 88.8% and 79.3% of asks with
 * one spare per ask and 95.4% and 89.6% with two (the code before: 75.2% and 68.9%). Past the
 * first few, spares cost little: the first draws after a round re-evaluate the pool, the later
 * ones a few candidates each (a 32-ask round at n = 600: about 0.15 s of CPU for 32 or 64 spares).
 */
const SPARES_PER_ASK = 2;
/**
 * Most spare points one round draws (rounds of up to 32 asks are not capped). NOTE: every spare is
 * believed like a round's own point, an O(n^2) extension of the factor (n: the training set plus
 * the pending, chosen and spare points), so the cost grows faster than the count: a 64-ask round
 * at n = 600 (Hartmann6) took about 0.16 s more CPU with 64 spares and 0.44 s more with 128, and
 * without a cap a round of 300 workers' asks would draw 600.
 */
const MAX_SPARES = 64;

/** The spare points a round of `asks` merged asks draws: none for a lone ask, else SPARES_PER_ASK per ask up to MAX_SPARES. */
export function sparesFor(asks: number): number {
  return asks > 1 ? Math.min(MAX_SPARES, SPARES_PER_ASK * asks) : 0;
}

/**
 * Studies whose spare points are kept (LRU). NOTE: an entry holds at most one round's spares
 * (at most MAX_SPARES) and the AskSnapshot of the history they were drawn on (a trial count, and
 * on a space without a continuous parameter its distinct configurations), not the history itself.
 */
const SPARES_KEPT = 256;

/**
 * A round's spare points (SamplerInput.sparePoints): drawn on `history` after the round's own
 * points, each handed out once, to asks of the study whose deadline comes before their round.
 */
interface Spares {
  points: Suggestion[];
  drawnOn: AskSnapshot;
}

/** A study's line: the asks waiting for its next round. */
interface Line {
  members: Member[];
  running: boolean;
}

/**
 * The rounds of model-based asks, per study, in this process. An ask joins its study's line; when
 * no round runs, the next round takes every ask in line: one history snapshot, ONE sampler job
 * (one fit, kept on its thread for the next rounds) drawing every ask's points in sequence with the
 * pending points and the points drawn before fantasised, then one commit per ask in arrival order.
 * An ask whose deadline comes first (queued, or while the job runs) answers at once with random
 * points (the reason says why) and leaves; the job still completes and its fit serves the next
 * round. So concurrent asks of a study share one fit instead of each starting their own.
 * Spares: a round that merged several asks also draws SPARES_PER_ASK spare points per ask,
 * conditioned on its own points (cheap draws from its candidate pool), and an ask whose deadline
 * comes first takes the study's spares before random points. A round that draws spares replaces
 * its study's; a round of one ask draws none (a lone worker pays nothing for them) and leaves them.
 * NOTE: clearing them at a round of one ask was tried. With 8 studies of 8 workers (bench:load
 * `--model-phases studies`) such rounds are common: over two runs the model answered 88.5-100% of
 * asks per study, 6 of 16 studies below 95% (up to 22 random fallbacks each), against 98.9-100%
 * with them kept.
 */
export class AskRounds {
  private readonly lines = new Map<string, Line>();
  private readonly spares = new LruCache<Spares>(SPARES_KEPT);

  constructor(private readonly settings: RoundSettings) {}

  /** Draws and commits `order.want` trials for one ask (fewer when the queue ran short). */
  join(study: Study, order: RoundOrder): Promise<RoundResult> {
    return new Promise((resolve, reject) => {
      const delay = fallbackDelay(order.deadline, this.settings.now());
      const member: Member = { order, state: 'queued', resolve, reject, timer: setTimeout(() => void this.fallBack(study, member), delay) };
      const line = this.lines.get(study.id) ?? { members: [], running: false };
      this.lines.set(study.id, line);
      line.members.push(member);
      if (!line.running) void this.runLine(study);
    });
  }

  /** Runs rounds while asks wait in the study's line. */
  private async runLine(study: Study): Promise<void> {
    const line = this.lines.get(study.id);
    if (!line) return;
    line.running = true;
    for (;;) {
      const members = line.members.splice(0).filter((m) => m.state === 'queued');
      if (members.length === 0) break;
      members.forEach((m) => (m.state = 'drawing'));
      await this.round(study, members).catch((error: Error) => members.forEach((m) => this.settle(m, () => m.reject(error))));
    }
    line.running = false;
    this.lines.delete(study.id);
  }

  private async round(study: Study, members: Member[]): Promise<void> {
    const snapshot = await this.settings.histories.snapshot(study);
    const fresh = allotFresh(members, snapshot.waiting);
    const total = fresh.reduce((s, n) => s + n, 0);
    const drawn = total === 0 ? [] : await this.draw(study, members, snapshot, { count: total, searched: fresh.find((n) => n > 0) as number, spares: sparesFor(members.length) });
    const suggestions = drawn.slice(0, total);
    const drawnOn = askSnapshot(study, snapshot.history);
    if (drawn.length > total) this.spares.set(study.id, { points: drawn.slice(total), drawnOn });
    let offset = 0;
    for (const [i, member] of members.entries()) {
      const mine = suggestions.slice(offset, offset + (fresh[i] as number));
      offset += fresh[i] as number;
      if (member.state !== 'drawing') continue;
      clearTimeout(member.timer);
      member.state = 'done';
      await commitRound(study, member.order, mine, drawnOn, this.settings).then(member.resolve, member.reject);
    }
  }

  /**
   * One job for the whole round, of `count` points of which the first ask's `searched` get a search
   * each (SamplerInput.searchedPoints), then up to `spares` spare points (SamplerInput.sparePoints);
   * a sampler failure (not a DomainError) answers with random points.
   */
  private async draw(study: Study, members: Member[], snapshot: HistorySnapshot, { count, searched, spares }: { count: number; searched: number; spares: number }): Promise<Suggestion[]> {
    const { history } = snapshot;
    const job: SuggestJob = {
      kind: 'suggest',
      studyId: study.id,
      config: study.sampler,
      input: { ...history, space: study.space, count, searchedPoints: searched, sparePoints: spares, studySeed: study.sampler.seed, seed: askSeed(study, history, members.map((m) => m.order.salt)) },
      deadline: members.map((m) => m.order.deadline).reduce(laterDeadline),
      refineBy: firstFallback(members),
    };
    try {
      const answer = await this.settings.runner.run(job);
      this.settings.observer.fitted(study.sampler.type, answer.fits);
      return answer.suggestions ?? [];
    } catch (error) {
      return fallbackSuggestions(study, job.input, `sampler error: ${(error as Error).message}`, error, this.settings);
    }
  }

  /**
   * The ask's deadline came first: spare points of the study's last round when it left enough
   * (committed with that round's history, so a point another replica committed since fails as a
   * duplicate and the ask draws again), else random points. Both are committed on their own. The
   * random points follow the trial number (numberedRound), so late asks on several replicas at
   * once still get distinct points, and the same history gives the same points; on a space without
   * a continuous parameter they skip the configurations the history holds.
   */
  private async fallBack(study: Study, member: Member): Promise<void> {
    if (member.state === 'done') return;
    member.state = 'done';
    try {
      const spared = await this.spareRound(study, member.order);
      if (spared) return member.resolve(spared);
    } catch (error) {
      return member.reject(error as Error);
    }
    const reason = 'deadline: the model was not ready in time (its fit goes on for the next asks)';
    const { storage, histories } = this.settings;
    // A space without a continuous parameter reads the history too, so its random points skip the configurations it holds (fallbackSuggestions).
    const read = async (): Promise<HistorySnapshot> => {
      if (!hasContinuousParameter(study.space)) return histories.snapshot(study);
      const { total, waiting } = await storage.countTrials(study.id);
      return { history: { completed: [], pruned: [], pending: [], trialCount: total, ...objectiveCounts(study) }, waiting };
    };
    const suggest = (history: HistorySnapshot['history'], count: number) =>
      fallbackSuggestions(study, { ...history, space: study.space, count, seed: numberedSeed(study, history.trialCount), studySeed: study.sampler.seed }, reason, null, this.settings);
    await numberedRound(study, member.order, read, suggest, this.settings).then(member.resolve, member.reject);
  }

  /**
   * Commits spare points of the study for `order`, SPARE_FALLBACK in their reasons; null (nothing
   * written) when too few are left. Committed with the history they were drawn on, so a point
   * committed since by another ask (on any replica) fails as a duplicate and the ask draws again
   * (commitRound).
   */
  private async spareRound(study: Study, order: RoundOrder): Promise<RoundResult | null> {
    if (!this.spares.get(study.id)?.points.length) return null;
    const { waiting } = await this.settings.storage.countTrials(study.id);
    const [fresh] = allotFresh([{ order }], waiting) as [number];
    const spares = this.spares.get(study.id);
    if (!spares || fresh === 0 || spares.points.length < fresh) return null;
    const points = spares.points.splice(0, fresh).map((s) => ({ params: s.params, reason: { ...s.reason, fallback: SPARE_FALLBACK } }));
    return commitRound(study, order, points, spares.drawnOn, this.settings);
  }

  private settle(member: Member, how: () => void): void {
    if (member.state === 'done') return;
    member.state = 'done';
    clearTimeout(member.timer);
    how();
  }
}

/**
 * When a round's sampler should end its optional refinements (SamplerInput.budget.refineMs): the
 * moment its first member takes its fallback (see FALLBACK_MARGIN). Every member is answered when
 * the job ends, so a member that leaves first with a fallback wastes its points; the job's own
 * deadline stays the latest member's, since the points of the others are still wanted.
 * NOTE: refinements were bounded by the latest member's deadline alone, and a round of 32 workers'
 * asks outlasted its first members: at 1,000 trials 78.6% of the asks were answered by the model.
 */
function firstFallback(members: readonly Member[]): Deadline {
  const at = Math.min(...members.map((m) => fallbackAt(m.order.deadline)));
  return { startedAt: Math.min(...members.map((m) => m.order.deadline.startedAt)), at };
}

/** Milliseconds from `now` until an ask must take its fallback (see FALLBACK_MARGIN). */
function fallbackDelay(deadline: Deadline, now: number): number {
  return Math.max(0, fallbackAt(deadline) - now);
}

/** The moment (epoch ms) an ask with this deadline takes its fallback. */
function fallbackAt(deadline: Deadline): number {
  return deadline.at - FALLBACK_MARGIN * (deadline.at - deadline.startedAt);
}

/**
 * How many new points each member needs: anonymous asks take the WAITING trials first (in order,
 * as their commits will claim them); keyed asks propose their whole count so that their one atomic
 * commit can fill the request whatever the queue holds by then.
 */
function allotFresh(members: readonly Pick<Member, 'order'>[], waiting: number): number[] {
  let left = waiting;
  return members.map(({ order }) => {
    if (order.requestKey !== null) return order.want;
    const claimed = Math.min(left, order.want);
    left -= claimed;
    return order.want - claimed;
  });
}
