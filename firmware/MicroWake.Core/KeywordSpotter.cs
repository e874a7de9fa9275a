using System;

namespace MicroWake.Core
{
    /// <summary>
    /// The detection state machine. Feeds PCM to an <see cref="IKeywordEngine"/>, passes every new score
    /// set to a <see cref="DetectionPolicy"/> and raises <see cref="KeywordDetected"/>.
    ///
    /// Starting --Start ok--> Listening --detection--> Cooldown --suppression over--> Listening
    /// Listening/Cooldown --Pause--> Paused --Resume--> Listening (engine and policy reset)
    /// any --engine error (or bad settings in Start)--> Fault --Recover/Start--> Listening
    ///
    /// Time is milliseconds of all audio handed to <see cref="Process"/>, counted also while starting, paused
    /// or faulted (that audio is dropped), so it is monotonic and can drive a FeedbackController.
    /// The audio path (Process) allocates nothing. Public methods are serialised by a lock, so Pause/Resume
    /// may be called from another thread (a button handler).
    /// </summary>
    public class KeywordSpotter
    {
        /// <summary>mw_status reported for unusable settings or labels (MW_ERR_CONFIG).</summary>
        public const int StatusConfig = 12;

        /// <summary>mw_status reported when the engine breaks its contract (MW_ERR_INTERNAL).</summary>
        public const int StatusEngineContract = 16;

        /// <summary>Consecutive Feed calls that consume nothing and finish no inference before the engine is declared stuck.</summary>
        public const int MaxStalledFeeds = 1024;

        private readonly IKeywordEngine _engine;
        private readonly object _sync = new object();
        private SpotterState _state;
        private DetectionPolicy _policy;
        private float[] _scores;
        private long _bytes;
        private long _bytesPerSecond;
        private int _faultStatus;
        private string _faultMessage;

        public KeywordSpotter(IKeywordEngine engine)
        {
            if (engine == null)
            {
                throw new ArgumentNullException("engine");
            }

            _engine = engine;
            _state = SpotterState.Starting;
            _bytesPerSecond = 2 * 16000;
            _faultMessage = "";
        }

        /// <summary>Raised for each detection, on the thread that calls Process.</summary>
        public event KeywordDetectedHandler KeywordDetected;

        /// <summary>Raised on every state change.</summary>
        public event SpotterStateChangedHandler StateChanged;

        /// <summary>Raised after every completed inference (scores before the policy).</summary>
        public event ScoresUpdatedHandler ScoresUpdated;

        public SpotterState State
        {
            get { return _state; }
        }

        /// <summary>Milliseconds of audio passed to Process (at the model's sample rate, 16-bit mono).</summary>
        public long TimeMs
        {
            get { return _bytes * 1000 / _bytesPerSecond; }
        }

        /// <summary>The policy built by the last successful Start (null before).</summary>
        public DetectionPolicy Policy
        {
            get { return _policy; }
        }

        /// <summary>mw_status of the last fault (see StatusConfig, StatusEngineContract); 0 when none.</summary>
        public int FaultStatus
        {
            get { return _faultStatus; }
        }

        /// <summary>Reason for the last fault; empty when none.</summary>
        public string FaultMessage
        {
            get { return _faultMessage; }
        }

        /// <summary>Opens <paramref name="model"/> in the engine and starts listening. Returns false (state Fault) on failure.</summary>
        public bool Start(byte[] model, DetectionOverride[] overrides)
        {
            lock (_sync)
            {
                if (model == null || model.Length == 0)
                {
                    EnterFault(StatusConfig, "no model bytes");
                    return false;
                }

                try
                {
                    _engine.OpenModel(model);
                }
                catch (EngineException e)
                {
                    EnterFault(e.Status, e.Message);
                    return false;
                }

                return StartOpened(overrides);
            }
        }

        /// <summary>Starts listening with the model the engine already has open. Returns false (state Fault) on failure.</summary>
        public bool Start(DetectionOverride[] overrides)
        {
            lock (_sync)
            {
                return StartOpened(overrides);
            }
        }

        /// <summary>
        /// Handles a block of little-endian 16-bit mono PCM: pcm[offset .. offset+count). While listening it is
        /// fed to the engine completely; otherwise (starting, paused, fault) it only advances <see cref="TimeMs"/>.
        /// </summary>
        public void Process(byte[] pcm, int offset, int count)
        {
            if (pcm == null || offset < 0 || count < 0 || offset > pcm.Length - count)
            {
                throw new ArgumentException("PCM range outside the buffer");
            }

            lock (_sync)
            {
                if (_state != SpotterState.Listening && _state != SpotterState.Cooldown)
                {
                    _bytes += count;
                    return;
                }

                FeedAll(pcm, offset, count);
            }
        }

        /// <summary>Stops listening (audio is dropped). Returns false when not listening or in cooldown.</summary>
        public bool Pause()
        {
            lock (_sync)
            {
                if (_state != SpotterState.Listening && _state != SpotterState.Cooldown)
                {
                    return false;
                }

                SetState(SpotterState.Paused);
                return true;
            }
        }

        /// <summary>Listens again with fresh audio history and no suppression. Returns false when not paused or when the engine fails.</summary>
        public bool Resume()
        {
            lock (_sync)
            {
                return _state == SpotterState.Paused && Restart();
            }
        }

        /// <summary>Leaves Fault by resetting the engine and the policy. Needs a successful Start before; otherwise call Start.</summary>
        public bool Recover()
        {
            lock (_sync)
            {
                return _state == SpotterState.Fault && _policy != null && Restart();
            }
        }

        private bool StartOpened(DetectionOverride[] overrides)
        {
            DetectionPolicy policy;
            ModelDefaults defaults;
            try
            {
                int n = _engine.ClassCount;
                if (n < 1)
                {
                    EnterFault(StatusConfig, "the model has no classes");
                    return false;
                }

                string[] labels = new string[n];
                for (int c = 0; c < n; c++)
                {
                    labels[c] = _engine.GetLabel(c);
                }

                defaults = _engine.GetDefaults();
                policy = new DetectionPolicy(labels, defaults, overrides);
            }
            catch (EngineException e)
            {
                EnterFault(e.Status, e.Message);
                return false;
            }
            catch (ArgumentException e)
            {
                EnterFault(StatusConfig, e.Message);
                return false;
            }

            // Time already passed stays counted; only later audio uses the new rate.
            long now = TimeMs;
            _bytesPerSecond = 2L * defaults.EffectiveSampleRate;
            _bytes = now * _bytesPerSecond / 1000;
            _policy = policy;
            _scores = new float[policy.ClassCount];
            _faultStatus = 0;
            _faultMessage = "";
            SetState(SpotterState.Listening);
            return true;
        }

        private bool Restart()
        {
            try
            {
                _engine.Reset();
            }
            catch (EngineException e)
            {
                EnterFault(e.Status, e.Message);
                return false;
            }

            _policy.Reset();
            _faultStatus = 0;
            _faultMessage = "";
            SetState(SpotterState.Listening);
            return true;
        }

        private void FeedAll(byte[] pcm, int offset, int count)
        {
            int stalled = 0;
            while (count > 0)
            {
                int used;
                bool ready;
                try
                {
                    used = _engine.Feed(pcm, offset, count);
                    ready = _engine.ScoresReady;
                    if (ready)
                    {
                        _engine.GetScores(_scores);
                    }
                }
                catch (EngineException e)
                {
                    _bytes += count;
                    EnterFault(e.Status, e.Message);
                    return;
                }

                if (used < 0 || used > count)
                {
                    _bytes += count;
                    EnterFault(StatusEngineContract, "engine consumed " + used.ToString() + " of " + count.ToString() + " bytes");
                    return;
                }

                stalled = used == 0 && !ready ? stalled + 1 : 0;
                if (stalled > MaxStalledFeeds)
                {
                    _bytes += count;
                    EnterFault(StatusEngineContract, "engine made no progress");
                    return;
                }

                offset += used;
                count -= used;
                _bytes += used;
                if (ready)
                {
                    OnScores();
                    if (_state != SpotterState.Listening && _state != SpotterState.Cooldown)
                    {
                        _bytes += count; // a handler paused the spotter: the rest is dropped
                        return;
                    }
                }
            }

            if (_state == SpotterState.Cooldown && !_policy.IsSuppressed(TimeMs))
            {
                SetState(SpotterState.Listening);
            }
        }

        private void OnScores()
        {
            long now = TimeMs;
            ScoresUpdatedHandler scoresHandler = ScoresUpdated;
            if (scoresHandler != null)
            {
                scoresHandler(_scores, now);
            }

            int detected = _policy.Process(_scores, now);
            if (detected == DetectionPolicy.None)
            {
                if (_state == SpotterState.Cooldown && !_policy.IsSuppressed(now))
                {
                    SetState(SpotterState.Listening);
                }

                return;
            }

            SetState(SpotterState.Cooldown);
            KeywordDetectedHandler handler = KeywordDetected;
            if (handler != null)
            {
                handler(_policy.GetLabel(detected), _policy.DetectedScore, now);
            }
        }

        private void EnterFault(int status, string message)
        {
            _faultStatus = status;
            _faultMessage = message == null ? "" : message;
            SetState(SpotterState.Fault);
        }

        private void SetState(SpotterState next)
        {
            SpotterState previous = _state;
            if (previous == next)
            {
                return;
            }

            _state = next;
            SpotterStateChangedHandler handler = StateChanged;
            if (handler != null)
            {
                handler(previous, next, TimeMs);
            }
        }
    }
}
