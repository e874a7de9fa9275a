namespace MicroWake.Core
{
    /// <summary>Detection defaults read from a model's MicroWake metadata (mw_model_settings).</summary>
    public class ModelDefaults
    {
        public float Threshold { get; set; }
        public int AverageWindowMs { get; set; }
        public int MinCount { get; set; }
        public int SuppressionMs { get; set; }
        public int InferEveryHops { get; set; }
        public int HopMs { get; set; }

        /// <summary>PCM sample rate in Hz (the front end's sample_rate); 0 means 16000.</summary>
        public int SampleRate { get; set; }

        /// <summary>Milliseconds of audio between two inferences (HopMs * InferEveryHops; 20 ms hop and k = 1 when unset).</summary>
        public int InferencePeriodMs
        {
            get
            {
                int hop = HopMs > 0 ? HopMs : 20;
                int every = InferEveryHops > 0 ? InferEveryHops : 1;
                return hop * every;
            }
        }

        /// <summary>SampleRate, or 16000 when unset.</summary>
        public int EffectiveSampleRate
        {
            get { return SampleRate > 0 ? SampleRate : 16000; }
        }
    }
}
