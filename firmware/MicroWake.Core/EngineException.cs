using System;

namespace MicroWake.Core
{
    /// <summary>A native engine call failed; Status is the mw_status code.</summary>
    public class EngineException : Exception
    {
        public EngineException(int status, string message) : base(message)
        {
            Status = status;
        }

        public int Status { get; private set; }
    }
}
