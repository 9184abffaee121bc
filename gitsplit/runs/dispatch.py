"""``gitsplit dispatch``: start every ready work order of a class, N agents at a time."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from gitsplit.claims.model import ClaimTakenError
from gitsplit.errors import GitsplitError
from gitsplit.ledger import ids
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.runs.execute import Ended, launch
from gitsplit.runs.interrupted import StartInterrupted
from gitsplit.runs.start import AlreadyStartedError, Started, StartOptions, start
from gitsplit.work import graph as work_graph


@dataclass(frozen=True)
class Event:
    """A progress event: ``started``, ``ended``, ``failed-to-start``, ``skipped`` (another
    gitsplit started it meanwhile), ``still-running``, or
    ``cut-short`` (Ctrl-C while a run was being made; ``detail`` says what to do)."""

    kind: str
    wo_id: str
    detail: str
    ended: Ended | None = None
    started: Started | None = None


def candidates(ledger: Ledger, klass: str | None, limit: int | None) -> list[WorkOrder]:
    """Ready work orders (of a class) whose dependencies are all done, by priority then id.

    Status is the ledger's overlaid with live WO branches, as ``gitsplit ready`` shows it:
    a work order whose run is in progress or in review on a branch is not started again.
    """
    graph, _authority = work_graph.from_ledger(ledger)
    status = {wo_id: node.status for wo_id, node in graph.nodes.items()}
    ready = [
        n.order
        for n in graph.nodes.values()
        if n.status == "ready"
        and (klass is None or n.order.klass == klass)
        and all(status.get(d) == "done" for d in n.order.depends_on)
    ]
    ready.sort(key=lambda o: (o.priority, ids.sort_key(o.id)))
    return ready[:limit] if limit else ready


@dataclass(frozen=True)
class Dispatched:
    """Every event of a dispatch, and whether Ctrl-C cut it short."""

    events: list[Event]
    interrupted: bool = False


def worked_by_a_person(ledger: Ledger, order: WorkOrder, agent: str | None) -> str | None:
    """The profile's name when it launches no program (``manual``): dispatch cannot run it."""
    name = agent or ledger.config.tier_for(order.klass).agent
    profile = ledger.config.agents.get(name)
    return name if profile is not None and not profile.argv else None


def dispatch(
    ledger: Ledger,
    orders: list[WorkOrder],
    *,
    parallel: int,
    agent: str | None,
    report: Callable[[Event], None],
    allow_empty_body: bool = False,
    claim: bool = True,
    remote: str | None = None,
) -> Dispatched:
    """Open a worktree run for each order and run at most ``parallel`` agents at once.

    Ctrl-C stops launching; agents already running keep running in their own sessions
    and their runs stay open (reported as ``still-running``). A run whose agent has ended
    and which is being closed (checks, commit) is waited for, so it is never cut off
    half closed; a run cut short while being made is reported (``cut-short``). With
    claims on (or ``remote``), each run is claimed before it starts, and a work order
    claimed by someone else is skipped.
    """
    if parallel < 1:
        raise GitsplitError("--parallel must be at least 1")
    results: list[Event] = []
    done: queue.Queue[Event] = queue.Queue()
    running: dict[str, Started] = {}
    pending = list(orders)
    closing = _Closing()
    try:
        while pending or running:
            while pending and len(running) < parallel:
                order = pending.pop(0)
                options = StartOptions(
                    order.id,
                    use_worktree=True,
                    agent=agent,
                    unless_started=True,
                    allow_empty_body=allow_empty_body,
                    claim=claim,
                    remote=remote,
                )
                try:
                    started = start(ledger, options)
                except (AlreadyStartedError, ClaimTakenError) as exc:
                    event = Event("skipped", order.id, str(exc))
                    results.append(event)
                    report(event)
                    continue
                except GitsplitError as exc:
                    event = Event("failed-to-start", order.id, str(exc))
                    results.append(event)
                    report(event)
                    continue
                running[order.id] = started
                words = f"{started.checkout}" + (f"; {started.claimed}" if started.claimed else "")
                report(Event("started", order.id, words, started=started))
                threading.Thread(target=_work, args=(started, done, closing), daemon=True).start()
            if running:
                event = done.get()
                running.pop(event.wo_id, None)
                results.append(event)
                report(event)
    except KeyboardInterrupt as exc:
        if isinstance(exc, StartInterrupted):  # cut short while making a run
            event = Event("cut-short", exc.wo_id, exc.advice)
            results.append(event)
            report(event)
        finishing = closing.stop() & set(running)
        while finishing:  # a second Ctrl-C stops this wait too
            event = done.get()
            running.pop(event.wo_id, None)
            finishing.discard(event.wo_id)
            results.append(event)
            report(event)
        for wo_id, started in running.items():
            event = Event(
                "still-running",
                wo_id,
                f"run {started.run} left open; when its "
                f"agent ends: cd {started.checkout} && gitsplit finish",
                started=started,
            )
            results.append(event)
            report(event)
        return Dispatched(results, interrupted=True)
    return Dispatched(results)


class _Closing:
    """Which runs are being closed, and whether dispatch has stopped letting new ones close."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = False
        self._closing: set[str] = set()

    def may_close(self, wo_id: str) -> bool:
        """True (and counted as closing) unless dispatch is stopping."""
        with self._lock:
            if self._stopping:
                return False
            self._closing.add(wo_id)
            return True

    def stop(self) -> set[str]:
        """Let no more runs start closing; the ones that already have."""
        with self._lock:
            self._stopping = True
            return set(self._closing)


def _work(started: Started, done: queue.Queue[Event], closing: _Closing) -> None:
    """Run one agent (in its own session, so Ctrl-C does not reach it) and report its end."""
    try:
        ended = launch(
            started, echo=None, new_session=True, may_close=lambda: closing.may_close(started.wo_id)
        )
        done.put(Event("ended", started.wo_id, ended.detail, ended=ended, started=started))
    except GitsplitError as exc:
        done.put(Event("ended", started.wo_id, f"could not close the run: {exc}", started=started))
    except Exception as exc:  # never leave dispatch waiting for an event that cannot come
        done.put(
            Event("ended", started.wo_id, f"gitsplit failed (a bug): {exc!r}", started=started)
        )
