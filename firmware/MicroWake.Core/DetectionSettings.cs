using System;

namespace MicroWake.Core
{
    /// <summary>The effective detection settings of one class: the model's defaults with overrides applied.</summary>
    public class DetectionSettings
    {
        /// <summary>Minimum average score (0..1] over the window for a detection.</summary>
        public float Threshold { get; set; }

        /// <summary>Length of the averaging window in milliseconds of audio.</summary>
        public int AverageWindowMs { get; set; }

        /// <summary>Minimum number of inferences inside the window before the average counts.</summary>
        public int MinCount { get; set; }

        /// <summary>Milliseconds of audio after a detection during which no keyword is reported.</summary>
        public int SuppressionMs { get; set; }

        public static DetectionSettings FromDefaults(ModelDefaults defaults)
        {
            if (defaults == null)
            {
                throw new ArgumentNullException("defaults");
            }

            DetectionSettings s = new DetectionSettings();
            s.Threshold = defaults.Threshold;
            s.AverageWindowMs = defaults.AverageWindowMs;
            s.MinCount = defaults.MinCount;
            s.SuppressionMs = defaults.SuppressionMs;
            return s;
        }

        /// <summary>Returns a copy with the non-inherited fields of <paramref name="change"/> applied.</summary>
        public DetectionSettings With(DetectionOverride change)
        {
            DetectionSettings s = new DetectionSettings();
            s.Threshold = change.Threshold >= 0 ? change.Threshold : Threshold;
            s.AverageWindowMs = change.AverageWindowMs >= 0 ? change.AverageWindowMs : AverageWindowMs;
            s.MinCount = change.MinCount >= 0 ? change.MinCount : MinCount;
            s.SuppressionMs = change.SuppressionMs >= 0 ? change.SuppressionMs : SuppressionMs;
            return s;
        }

        /// <summary>
        /// Throws ArgumentException naming <paramref name="label"/> when the settings can never work:
        /// threshold outside (0, 1], window below 1 ms, min count below 1 or above the number of inferences
        /// that fit into the window, negative suppression.
        /// </summary>
        public void Validate(string label, int inferencePeriodMs)
        {
            if (!(Threshold > 0f && Threshold <= 1f))
            {
                throw new ArgumentException("keyword '" + label + "': threshold " + Threshold.ToString() + " is not in (0, 1]");
            }

            if (AverageWindowMs < 1)
            {
                throw new ArgumentException("keyword '" + label + "': average window " + AverageWindowMs.ToString() + " ms must be at least 1 ms");
            }

            if (MinCount < 1)
            {
                throw new ArgumentException("keyword '" + label + "': min count " + MinCount.ToString() + " must be at least 1");
            }

            int fit = InferencesInWindow(inferencePeriodMs);
            if (MinCount > fit)
            {
                throw new ArgumentException("keyword '" + label + "': min count " + MinCount.ToString() + " can never be reached: a "
                    + AverageWindowMs.ToString() + " ms window holds at most " + fit.ToString() + " inferences " + inferencePeriodMs.ToString() + " ms apart");
            }

            if (SuppressionMs < 0)
            {
                throw new ArgumentException("keyword '" + label + "': suppression " + SuppressionMs.ToString() + " ms must not be negative");
            }
        }

        /// <summary>Inferences, <paramref name="inferencePeriodMs"/> apart, that fit in the window: ceil(window / period).</summary>
        public int InferencesInWindow(int inferencePeriodMs)
        {
            return (AverageWindowMs + inferencePeriodMs - 1) / inferencePeriodMs;
        }
    }
}
