namespace MicroWake.Core
{
    /// <summary>Builds the FeedbackController a board config describes; the device and the host share this wiring.</summary>
    public static class BoardFeedback
    {
        /// <param name="board">a validated board config</param>
        /// <param name="statusLed">the board's status LED driver, or null</param>
        /// <param name="pins">opens each keyword-action pin once</param>
        public static FeedbackController Create(BoardConfig board, IColorLed statusLed, IPinProvider pins)
        {
            FeedbackController feedback = new FeedbackController(statusLed);
            if (board.Heartbeat != null)
            {
                feedback.Heartbeat = board.Heartbeat;
            }

            if (board.FaultPattern != null)
            {
                feedback.FaultPattern = board.FaultPattern;
            }

            for (int i = 0; i < board.KeywordColors.Length; i++)
            {
                KeywordColorConfig c = board.KeywordColors[i];
                feedback.AddKeywordColor(c.Keyword, c.Red, c.Green, c.Blue, c.DurationMs);
            }

            KeywordActionConfig[] actions = board.KeywordActions;
            IDigitalOutput[] opened = new IDigitalOutput[actions.Length];
            for (int i = 0; i < actions.Length; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (actions[j].Pin == actions[i].Pin)
                    {
                        opened[i] = opened[j];
                        break;
                    }
                }

                if (opened[i] == null)
                {
                    opened[i] = pins.OpenOutput(actions[i].Pin, actions[i].ActiveLow);
                }

                feedback.AddKeywordAction(actions[i].Keyword, opened[i], actions[i].Action, actions[i].DurationMs);
            }

            return feedback;
        }
    }
}
