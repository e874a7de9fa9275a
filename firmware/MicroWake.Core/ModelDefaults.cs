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
    }
}
