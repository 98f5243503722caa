import { laterDeadline, type Deadline } from '../domain/deadline';
import type { Study } from '../domain/study';
import type { Suggestion } from '../samplers/sampler';
import type { RoundOrder, RoundResult, RoundSettings } from './ask-settings';
import { commitRound } from './commit-round';
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
 * The rounds of model-based asks, per study, in this process. An ask joins its study's line; when
 * no round runs, the next round takes every ask in line: one history snapshot, ONE sampler job
 * (one fit, kept on its thread for the next rounds) drawing every ask's points in sequence with the
 * pending points and the points drawn before fantasised, then one commit per ask in arrival order.
 * An ask whose deadline comes first (queued, or while the job runs) answers at once with random
 * points (the reason says why) and leaves; the job still completes and its fit serves the next
 * round. So concurrent asks of a study share one fit instead of each starting their own.
 */
export class AskRounds {
  private readonly lines = new Map<string, { members: Member[]; running: boolean }>();

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
    const suggestions = total === 0 ? [] : await this.draw(study, members, snapshot, total, fresh.find((n) => n > 0) as number);
    let offset = 0;
    for (const [i, member] of members.entries()) {
      const mine = suggestions.slice(offset, offset + (fresh[i] as number));
      offset += fresh[i] as number;
      if (member.state !== 'drawing') continue;
      clearTimeout(member.timer);
      member.state = 'done';
      await commitRound(study, member.order, mine, snapshot.history, this.settings).then(member.resolve, member.reject);
    }
  }

  /**
   * One job for the whole round, of `count` points of which the first ask's `searched` get a search
   * each (SamplerInput.searchedPoints); a sampler failure (not a DomainError) answers with random points.
   */
  private async draw(study: Study, members: Member[], snapshot: HistorySnapshot, count: number, searched: number): Promise<Suggestion[]> {
    const { history } = snapshot;
    const job: SuggestJob = {
      kind: 'suggest',
      studyId: study.id,
      config: study.sampler,
      input: { ...history, space: study.space, count, searchedPoints: searched, studySeed: study.sampler.seed, seed: askSeed(study, history, members.map((m) => m.order.salt)) },
      deadline: members.map((m) => m.order.deadline).reduce(laterDeadline),
      refineBy: firstFallback(members),
    };
    try {
      const answer = await this.settings.runner.run(job);
      this.settings.observer.fitted(study.sampler.type, answer.fits);
      const suggestions = answer.suggestions ?? [];
      for (const s of suggestions) if (s.reason.fallback) this.settings.observer.fellBack(study.sampler.type, s.reason.fallback, study.id);
      return suggestions;
    } catch (error) {
      return fallbackSuggestions(study, job.input, `sampler error: ${(error as Error).message}`, error, this.settings);
    }
  }

  /**
   * The ask's deadline came first: random points now, committed on their own. They follow the
   * trial number (numberedRound), so late asks on several replicas at once still get distinct
   * points, and the same history gives the same points.
   */
  private async fallBack(study: Study, member: Member): Promise<void> {
    if (member.state === 'done') return;
    member.state = 'done';
    const reason = 'deadline: the model was not ready in time (its fit goes on for the next asks)';
    const { storage } = this.settings;
    const read = async (): Promise<HistorySnapshot> => {
      const { total, waiting } = await storage.countTrials(study.id);
      return { history: { completed: [], pruned: [], pending: [], trialCount: total, ...objectiveCounts(study) }, waiting };
    };
    const suggest = (history: HistorySnapshot['history'], count: number) =>
      fallbackSuggestions(study, { ...history, space: study.space, count, seed: numberedSeed(study, history.trialCount), studySeed: study.sampler.seed }, reason, null, this.settings);
    await numberedRound(study, member.order, read, suggest, this.settings).then(member.resolve, member.reject);
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
function allotFresh(members: Member[], waiting: number): number[] {
  let left = waiting;
  return members.map(({ order }) => {
    if (order.requestKey !== null) return order.want;
    const claimed = Math.min(left, order.want);
    left -= claimed;
    return order.want - claimed;
  });
}
