namespace MicroWake.Core
{
    /// <summary>The status-LED colour shown for a keyword, and for how long.</summary>
    public class KeywordColorConfig
    {
        public string Keyword { get; set; }
        public byte Red { get; set; }
        public byte Green { get; set; }
        public byte Blue { get; set; }
        public int DurationMs { get; set; }
    }
}
