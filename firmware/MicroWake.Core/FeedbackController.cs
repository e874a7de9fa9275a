using System;
using System.Collections;

namespace MicroWake.Core
{
    /// <summary>
    /// What the board shows, as a pure function of the spotter's events and a clock: a heartbeat while
    /// listening, a paused pattern, a fault pattern, a colour per keyword for a set time, and pin actions per
    /// keyword. Nothing happens by itself: the owner calls <see cref="Tick"/> with the current time (the same
    /// millisecond time base as the events, normally KeywordSpotter.TimeMs), so behaviour is deterministic.
    /// Outputs are written only when their value changes. Register everything before the audio starts;
    /// the event and Tick paths do not allocate.
    ///
    /// LED priority: fault pattern, then the colour of the last keyword (for its duration), then the heartbeat
    /// (listening or cooldown) or the paused pattern; off while starting.
    /// </summary>
    public class FeedbackController
    {
        private const long Never = long.MaxValue;

        private readonly IColorLed _led;
        private readonly ArrayList _colors = new ArrayList();
        private readonly ArrayList _actions = new ArrayList();
        private readonly ArrayList _outputs = new ArrayList();
        private SpotterState _state = SpotterState.Starting;
        private long _stateSinceMs;
        private long _listeningSinceMs;
        private int _keywordColor;
        private long _keywordColorUntilMs = long.MinValue;
        private int _shownColor = -1;
        private long _nowMs;

        /// <param name="led">status LED, or null when the board has none</param>
        public FeedbackController(IColorLed led)
        {
            _led = led;
            Heartbeat = BlinkPattern.DefaultHeartbeat();
            FaultPattern = BlinkPattern.DefaultFault();
            PausedPattern = BlinkPattern.DefaultPaused();
        }

        /// <summary>Shown while listening or in cooldown; null: off.</summary>
        public BlinkPattern Heartbeat { get; set; }

        /// <summary>Shown in Fault; null: off.</summary>
        public BlinkPattern FaultPattern { get; set; }

        /// <summary>Shown while paused; null: off.</summary>
        public BlinkPattern PausedPattern { get; set; }

        /// <summary>The spotter state last reported through OnStateChanged.</summary>
        public SpotterState State
        {
            get { return _state; }
        }

        /// <summary>Time of the event or Tick being applied (for outputs that log a timeline).</summary>
        public long NowMs
        {
            get { return _nowMs; }
        }

        /// <summary>Shows a colour on the LED for <paramref name="durationMs"/> after <paramref name="keyword"/> is detected.</summary>
        public void AddKeywordColor(string keyword, byte red, byte green, byte blue, int durationMs)
        {
            CheckRule(keyword, durationMs);
            _colors.Add(new ColorRule(keyword, (red << 16) | (green << 8) | blue, durationMs));
        }

        /// <summary>Applies <paramref name="action"/> to <paramref name="output"/> when <paramref name="keyword"/> is detected (durationMs is used by Pulse).</summary>
        public void AddKeywordAction(string keyword, IDigitalOutput output, PinAction action, int durationMs)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            CheckRule(keyword, action == PinAction.Pulse ? durationMs : 1);
            _actions.Add(new PinRule(keyword, SlotOf(output), action, durationMs));
        }

        /// <summary>Matches SpotterStateChangedHandler: subscribe it to KeywordSpotter.StateChanged.</summary>
        public void OnStateChanged(SpotterState previous, SpotterState current, long timeMs)
        {
            bool wasListening = _state == SpotterState.Listening || _state == SpotterState.Cooldown;
            bool listening = current == SpotterState.Listening || current == SpotterState.Cooldown;
            if (listening && !wasListening)
            {
                _listeningSinceMs = timeMs;
            }

            _nowMs = timeMs;
            _state = current;
            _stateSinceMs = timeMs;
            Tick(timeMs);
        }

        /// <summary>Matches KeywordDetectedHandler: subscribe it to KeywordSpotter.KeywordDetected.</summary>
        public void OnKeywordDetected(string label, float score, long timeMs)
        {
            _nowMs = timeMs;
            for (int i = 0; i < _colors.Count; i++)
            {
                ColorRule rule = (ColorRule)_colors[i];
                if (rule.Keyword == label)
                {
                    _keywordColor = rule.Color;
                    _keywordColorUntilMs = timeMs + rule.DurationMs;
                    break;
                }
            }

            for (int i = 0; i < _actions.Count; i++)
            {
                PinRule rule = (PinRule)_actions[i];
                if (rule.Keyword == label)
                {
                    Apply(rule, timeMs);
                }
            }

            Tick(timeMs);
        }

        /// <summary>Brings every output up to date for time <paramref name="nowMs"/>: ends pulses, advances patterns.</summary>
        public void Tick(long nowMs)
        {
            _nowMs = nowMs;
            for (int i = 0; i < _outputs.Count; i++)
            {
                OutputSlot slot = (OutputSlot)_outputs[i];
                if (slot.Level < 0 || nowMs >= slot.PulseEndMs)
                {
                    slot.PulseEndMs = Never;
                    Write(slot, false);
                }
            }

            ShowColor(ColorAt(nowMs));
        }

        private int ColorAt(long nowMs)
        {
            if (_state == SpotterState.Fault)
            {
                return PatternColor(FaultPattern, _stateSinceMs, nowMs);
            }

            if (nowMs < _keywordColorUntilMs)
            {
                return _keywordColor;
            }

            if (_state == SpotterState.Listening || _state == SpotterState.Cooldown)
            {
                return PatternColor(Heartbeat, _listeningSinceMs, nowMs);
            }

            return _state == SpotterState.Paused ? PatternColor(PausedPattern, _stateSinceMs, nowMs) : 0;
        }

        private static int PatternColor(BlinkPattern pattern, long sinceMs, long nowMs)
        {
            if (pattern == null || !pattern.IsOn(sinceMs, nowMs))
            {
                return 0;
            }

            return (pattern.Red << 16) | (pattern.Green << 8) | pattern.Blue;
        }

        private void ShowColor(int color)
        {
            if (_led == null || color == _shownColor)
            {
                return;
            }

            _shownColor = color;
            _led.SetColor((byte)(color >> 16), (byte)(color >> 8), (byte)color);
        }

        private void Apply(PinRule rule, long timeMs)
        {
            OutputSlot slot = (OutputSlot)_outputs[rule.Slot];
            slot.PulseEndMs = Never;
            switch (rule.Action)
            {
                case PinAction.Pulse:
                    slot.PulseEndMs = timeMs + rule.DurationMs;
                    Write(slot, true);
                    break;
                case PinAction.Set:
                    Write(slot, true);
                    break;
                case PinAction.Clear:
                    Write(slot, false);
                    break;
                default:
                    Write(slot, slot.Level != 1);
                    break;
            }
        }

        private static void Write(OutputSlot slot, bool high)
        {
            int level = high ? 1 : 0;
            if (slot.Level != level)
            {
                slot.Level = level;
                slot.Output.Write(high);
            }
        }

        private int SlotOf(IDigitalOutput output)
        {
            for (int i = 0; i < _outputs.Count; i++)
            {
                if (((OutputSlot)_outputs[i]).Output == output)
                {
                    return i;
                }
            }

            return _outputs.Add(new OutputSlot(output));
        }

        private static void CheckRule(string keyword, int durationMs)
        {
            if (keyword == null || keyword.Length == 0)
            {
                throw new ArgumentException("feedback rule needs a keyword");
            }

            if (durationMs < 1)
            {
                throw new ArgumentException("feedback for '" + keyword + "' needs a duration of at least 1 ms");
            }
        }

        private class ColorRule
        {
            public ColorRule(string keyword, int color, int durationMs)
            {
                Keyword = keyword;
                Color = color;
                DurationMs = durationMs;
            }

            public string Keyword;
            public int Color;
            public int DurationMs;
        }

        private class PinRule
        {
            public PinRule(string keyword, int slot, PinAction action, int durationMs)
            {
                Keyword = keyword;
                Slot = slot;
                Action = action;
                DurationMs = durationMs;
            }

            public string Keyword;
            public int Slot;
            public PinAction Action;
            public int DurationMs;
        }

        private class OutputSlot
        {
            public OutputSlot(IDigitalOutput output)
            {
                Output = output;
                Level = -1;
                PulseEndMs = Never;
            }

            public IDigitalOutput Output;
            public int Level; // -1: never written, 0 low, 1 high
            public long PulseEndMs;
        }
    }
}
