"""The player: plays a routine against the clock, shows what to do, and sounds the cues.

The engine owns time. Cues are sounded by a `CueThread`, which wakes on its own for each engine
event, so a slow repaint never makes one late. This screen wakes a timer for the next moment
that changes what it shows (an engine event, or the countdown's next whole second) and repaints
then; time left is always read from the engine, never counted from timer ticks, so a late or
skipped tick costs nothing. Tests hand in a fake clock, move it, then call `tick()`: with a fake
clock no thread runs and `tick()` sounds the cues itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from handcue.app.screens.confirm_quit import ConfirmQuit
from handcue.app.screens.player_view import read_view
from handcue.app.screens.player_voice import VoiceControls
from handcue.app.widgets.countdown import ClockFace, Countdown
from handcue.app.widgets.hand_map import LEGEND, HandMap, as_shown
from handcue.app.widgets.instructions import Instructions, Showing
from handcue.app.widgets.timeline import StepList, StepRow
from handcue.audio.player import Player, SilentPlayer
from handcue.audio.watch import SoundNotice, SoundWatch
from handcue.core.engine import Event, EventKind, Session
from handcue.core.guided_text import VoiceMode
from handcue.core.progress import HandsProgress
from handcue.services.conductor import conduct
from handcue.services.cue_thread import Beat, CueThread
from handcue.services.listening import Listening
from handcue.services.wakeups import next_look, next_sweep_look

SOUND_NOTICE_SECONDS = 10.0
"""A notice that cues went silent is said once and goes: NO SOUND under the clock is what lasts."""

STEP_SECONDS = 10.0
"""How much + and - change the current step by."""

COMPACT_WIDTH = 60
COMPACT_HEIGHT = 20
"""Below either, one column: the time, the step, the hand and the instruction, no frames."""


class PlayerScreen(VoiceControls):
    """Plays `routine`; dismisses with the `Session` at the end, or None when stopped early."""

    class Heard(Message):
        """The cue thread caught the session up: something to show."""

        def __init__(self, beat: Beat) -> None:
            super().__init__()
            self.beat = beat

    class SoundChanged(Message):
        """Cues stopped being heard, or came back."""

        def __init__(self, notice: SoundNotice) -> None:
            super().__init__()
            self.notice = notice

    CSS_PATH = "player.tcss"

    # In the order the footer shows them: on a narrow terminal it keeps the first ones, so the
    # main action and the way out come first. Space is Pause or Resume, whichever it does now.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("q,escape", "quit_routine", "Stop", key_display="q"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("n,right", "next_step", "Next", key_display="n/→"),
        Binding("p,left", "previous_step", "Prev", key_display="p/←"),
        Binding("plus,equals_sign", "more_time", "+10s", key_display="+"),
        Binding("minus,underscore", "less_time", "-10s", key_display="-"),
        Binding("r", "restart_step", "Redo"),
        Binding("m", "toggle_mute", "Mute"),
        Binding("v", "toggle_voice", "Voice", show=False),
        Binding("g", "toggle_guidance", "Guided", show=False),
        Binding("t", "toggle_pacer", "Pacer", show=False),
    ]

    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    """Carries the clock, so it changes every second; nothing on this screen draws it, so
    setting it must not repaint the whole screen as `Screen.sub_title` would."""

    showing: var[Showing] = var(Showing)
    """The segment being played, the next one and its number, for the instructions."""
    face: var[ClockFace] = var(ClockFace)
    """The clock's numbers at the last look."""
    hands: var[HandsProgress | None] = var(None)
    """Both hands' progress, for the map, in whole percents (see `validate_hands`)."""
    rows: var[tuple[StepRow, ...]] = var(())
    """One row per step, for the step list."""

    def __init__(
        self,
        session: Session,
        *,
        player: Player | None = None,
        clock: Callable[[], float] = time.monotonic,
        listening: Listening | None = None,
        mode: VoiceMode = VoiceMode.BRIEF,
        cue_thread: bool | None = None,
    ) -> None:
        """`cue_thread`: sound cues from a thread of their own; by default, when `clock` is the
        real monotonic clock (a fake clock only moves when a test calls `tick()`)."""
        super().__init__()
        self.session = session
        self.routine = session.routine
        self.player: Player = player if player is not None else SilentPlayer()
        self.clock = clock
        self.listening = listening or Listening()
        self.conductor = conduct(self.session, self.listening, mode, tones=self.player)
        """Turns the engine's events into tones, and into speech and pacer ticks when asked."""
        self.sound = SoundWatch(
            self.player, lambda notice: self.post_message(self.SoundChanged(notice))
        )
        """Says once when cues cannot be heard, and once when they can again."""
        self.cues = CueThread(
            self.session,
            self.conductor,
            clock=clock,
            on_change=lambda beat: self.post_message(self.Heard(beat)),
            on_error=self.sound.failed,
        )
        self.threaded = clock is time.monotonic if cue_thread is None else cue_thread
        self._timer: Timer | None = None
        self._left = False
        self._shown_paused = False

    def validate_hands(self, hands: HandsProgress | None) -> HandsProgress | None:
        # A binding hands every new value on and repaints, so the value bound must change only
        # when what the map shows does: whole percents, not the seconds under them.
        return None if hands is None else as_shown(hands)

    # layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="instructions-pane", classes="pane") as pane:
            pane.border_title = self.routine.title
            yield Instructions().data_bind(PlayerScreen.showing)
        with Vertical(id="countdown-pane", classes="pane") as pane:
            pane.border_title = "Time"
            yield Countdown().data_bind(PlayerScreen.face)
        with Vertical(id="hands-pane", classes="pane") as pane:
            pane.border_title = "Hands"
            pane.border_subtitle = LEGEND
            yield HandMap().data_bind(progress=PlayerScreen.hands)
        with Vertical(id="timeline-pane", classes="pane") as pane:
            pane.border_title = "Steps"
            yield StepList().data_bind(PlayerScreen.rows)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.listening.voice:
            self._attach_voice()
        self._show(self.cues.control(self.session.start))
        self.sound.check_start()
        if self.threaded:
            self.cues.start()

    def on_resize(self) -> None:
        width, height = self.size
        compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        self.set_class(compact and height >= 12, "-compact-roomy")
        self.set_class(not compact and height >= 32, "-tall")
        self.set_class(not compact and width >= 160, "-wide")

    def on_unmount(self) -> None:
        self._cancel_timer()
        self.cues.stop()
        close = getattr(self.conductor.voice, "close", None)
        if callable(close):
            close()  # speech still being made ahead is not needed any more

    # driving -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch the engine up with the clock and repaint; the timer calls it.

        With the cue thread running, the thread has usually sounded what was due already and
        this only repaints; without it, this is what sounds the cues.
        """
        if not self.session.started or self._left:
            return
        self._show(self.cues.pump())

    def on_player_screen_heard(self, message: Heard) -> None:
        if not self._left:
            self._show(message.beat)

    def on_player_screen_sound_changed(self, message: SoundChanged) -> None:
        notice = message.notice
        if notice.working:
            self.app.clear_notifications()
            self.notify(notice.text, title="Sound", markup=False, timeout=5)
        else:
            self.notify(
                notice.text,
                title="Sound",
                severity="error",
                markup=False,
                timeout=SOUND_NOTICE_SECONDS,
            )
        if not self._left:
            with self.cues.lock:
                self._render_state(self.clock())

    def _show(self, beat: Beat) -> None:
        """Repaint after `beat`, then leave (the routine is over) or wake again when needed."""
        with self.cues.lock:
            now = self.clock()
            self._render_state(now)
            finished = self.session.finished
            if not finished:
                self._schedule(now)
        if finished:
            self._cancel_timer()
            if any(event.kind is EventKind.ROUTINE_FINISHED for event in beat.events):
                self._leave(self.session)  # outside the lock: leaving waits for the thread

    def _schedule(self, now: float) -> None:
        self._cancel_timer()
        # Without the cue thread, this screen's timer is also what sounds the cues.
        due = None if self.cues.running else self.conductor.due()
        wake = next_look(self.session, now, due)
        if self.conductor.pacer:
            swept = next_sweep_look(self.session, now)
            if swept is not None and (wake is None or swept < wake):
                wake = swept
        if wake is not None:
            self._timer = self.set_timer(max(0.0, wake - now), self.tick, name="player-tick")

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _leave(self, result: Session | None) -> None:
        if self._left:
            return
        self._left = True
        self._cancel_timer()
        self.cues.stop()
        # dismiss() pops the top screen: close the help or a question left open over the player
        # first, or the routine would end under them and the player would stay stuck.
        app = self.app
        while app.screen is not self and self in app.screen_stack:
            app.pop_screen()
        self.dismiss(result)

    # painting ----------------------------------------------------------------------------

    def _render_state(self, now: float) -> None:
        """Read the session at `now` into the screen's state; the panes follow by binding."""
        view = read_view(self.session, now, self.conductor, self.player, self.sound)
        self.showing = view.showing
        self.face = view.face
        self.hands = view.hands
        self.rows = view.rows
        self.set_class(self.session.finished, "-finished")
        self.sub_title = view.status
        if self._shown_paused != self.session.paused:
            self._shown_paused = self.session.paused
            self.refresh_bindings()

    # actions -----------------------------------------------------------------------------

    def _control(self, act: Callable[[float], list[Event]]) -> None:
        if not self._left:
            self._show(self.cues.control(act))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pause":
            return not self.session.paused
        if action == "resume":
            return self.session.paused
        return True

    def action_pause(self) -> None:
        self._control(self.session.pause)

    def action_resume(self) -> None:
        self._control(self.session.resume)

    def action_toggle_pause(self) -> None:
        session = self.session
        self._control(session.resume if session.paused else session.pause)

    def action_next_step(self) -> None:
        self._control(self.session.next)

    def action_previous_step(self) -> None:
        self._control(self.session.previous)

    def action_restart_step(self) -> None:
        self._control(self.session.restart_step)

    def action_more_time(self) -> None:
        self._control(lambda now: self.session.adjust(now, STEP_SECONDS))

    def action_less_time(self) -> None:
        self._control(lambda now: self.session.adjust(now, -STEP_SECONDS))

    def action_toggle_mute(self) -> None:
        muted = not self.player.muted
        self.player.muted = muted
        with self.cues.lock:
            self._render_state(self.clock())
        self.notify("Tones muted" if muted else "Tones on", timeout=2)

    def action_toggle_pacer(self) -> None:
        with self.cues.lock:
            now = self.clock()
            self.conductor.set_pacer(not self.conductor.pacer, now)
            self._render_state(now)
            self._schedule(now)
        self.cues.changed()
        self.notify("Stroke pacer on" if self.conductor.pacer else "Stroke pacer off", timeout=2)

    def action_help(self) -> None:
        from handcue.app.screens.help import HelpScreen

        self.cover(HelpScreen(during_routine=True))

    def cover(self, screen: Screen[Any]) -> None:
        """Show `screen` over the routine (help, History), paused while it is read; closing
        it resumes what was running."""
        if self._left:
            return
        was_running = self.session.running
        if was_running:
            self._control(self.session.pause)

        def closed(_: object) -> None:
            if was_running and self.session.paused and self.app.screen is self:
                self._control(self.session.resume)

        self.app.push_screen(screen, closed)

    def action_leave(self) -> None:
        """Ctrl+C, as q and Escape: ask before stopping."""
        self.action_quit_routine()

    def quit_routine(self, then_quit: bool = False) -> None:
        """Stop, once the person says so (q, Ctrl+C); with `then_quit` (Ctrl+Q), quit the app."""
        self.action_quit_routine(then_quit)

    def action_quit_routine(self, then_quit: bool = False) -> None:
        if self.session.finished:
            self._leave(None)
            if then_quit:
                self.app.call_later(self.app.exit)
            return
        was_running = self.session.running
        if was_running:
            self._control(self.session.pause)

        def answered(stop: bool | None) -> None:
            if stop:
                self._leave(None)
                if then_quit:
                    self.app.call_later(self.app.exit)
            elif was_running and self.session.paused:
                self._control(self.session.resume)

        self.app.push_screen(ConfirmQuit(), answered)
