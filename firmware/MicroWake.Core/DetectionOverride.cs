namespace MicroWake.Core
{
    /// <summary>
    /// Per-keyword changes to the model's detection defaults (from the board config or the command line).
    /// A field left at <see cref="Inherit"/> keeps the default. Keyword "*" applies to every keyword; an
    /// entry naming a keyword is applied after the "*" entries.
    /// </summary>
    public class DetectionOverride
    {
        /// <summary>Marks a field as "use the model's default" (nanoFramework 1.x has no nullable value types).</summary>
        public const int Inherit = -1;

        /// <summary>Keyword name that matches <see cref="AllKeywords"/> for every keyword.</summary>
        public const string AllKeywords = "*";

        public DetectionOverride()
        {
            Threshold = Inherit;
            AverageWindowMs = Inherit;
            MinCount = Inherit;
            SuppressionMs = Inherit;
        }

        public DetectionOverride(string keyword) : this()
        {
            Keyword = keyword;
        }

        /// <summary>Label of the keyword class, or "*".</summary>
        public string Keyword { get; set; }

        /// <summary>0..1, or a negative value to inherit.</summary>
        public float Threshold { get; set; }

        public int AverageWindowMs { get; set; }

        public int MinCount { get; set; }

        public int SuppressionMs { get; set; }
    }
}
