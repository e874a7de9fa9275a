namespace MicroWake.Core
{
    /// <summary>A keyword was detected: its label, its window-average score (0..1) and the audio time in ms.</summary>
    public delegate void KeywordDetectedHandler(string label, float score, long timeMs);

    /// <summary>The spotter moved from <paramref name="previous"/> to <paramref name="current"/> at audio time <paramref name="timeMs"/>.</summary>
    public delegate void SpotterStateChangedHandler(SpotterState previous, SpotterState current, long timeMs);

    /// <summary>An inference completed; <paramref name="scores"/> is the spotter's reused buffer (copy it to keep it).</summary>
    public delegate void ScoresUpdatedHandler(float[] scores, long timeMs);
}
