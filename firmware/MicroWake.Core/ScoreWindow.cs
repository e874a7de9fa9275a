using System;

namespace MicroWake.Core
{
    /// <summary>
    /// Recent score sets with per-class running averages over per-class time windows.
    /// An inference at time ts counts for class c at time t while t - ts &lt; window[c].
    /// All storage is allocated in the constructor; Add does not allocate.
    /// </summary>
    public class ScoreWindow
    {
        private readonly int _classes;
        private readonly int _capacity;
        private readonly int[] _windowMs;
        private readonly long[] _times;
        private readonly float[] _scores; // _capacity rows of _classes values
        private readonly int[] _count;
        private readonly float[] _sum;
        private int _next;

        /// <param name="classCount">values per score set</param>
        /// <param name="capacity">score sets kept; older sets are dropped even when still inside a window</param>
        /// <param name="windowMs">window per class in milliseconds (each at least 1)</param>
        public ScoreWindow(int classCount, int capacity, int[] windowMs)
        {
            if (classCount < 1 || capacity < 1 || windowMs == null || windowMs.Length != classCount)
            {
                throw new ArgumentException("score window needs at least one class, capacity >= 1 and one window per class");
            }

            _classes = classCount;
            _capacity = capacity;
            _windowMs = new int[classCount];
            for (int c = 0; c < classCount; c++)
            {
                if (windowMs[c] < 1)
                {
                    throw new ArgumentException("score window of class " + c.ToString() + " must be at least 1 ms");
                }

                _windowMs[c] = windowMs[c];
            }

            _times = new long[capacity];
            _scores = new float[capacity * classCount];
            _count = new int[classCount];
            _sum = new float[classCount];
        }

        public int ClassCount
        {
            get { return _classes; }
        }

        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>Adds the first ClassCount values of <paramref name="scores"/> taken at <paramref name="timeMs"/> and drops what left each window.</summary>
        public void Add(float[] scores, long timeMs)
        {
            for (int c = 0; c < _classes; c++)
            {
                if (_count[c] == _capacity)
                {
                    DropOldest(c);
                }
            }

            int row = _next * _classes;
            _times[_next] = timeMs;
            for (int c = 0; c < _classes; c++)
            {
                _scores[row + c] = scores[c];
                _sum[c] += scores[c];
                _count[c]++;
            }

            _next++;
            if (_next == _capacity)
            {
                _next = 0;
                Resum();
            }

            for (int c = 0; c < _classes; c++)
            {
                while (_count[c] > 0 && timeMs - _times[Oldest(c)] >= _windowMs[c])
                {
                    DropOldest(c);
                }
            }
        }

        /// <summary>Mean score of class <paramref name="classIndex"/> over the inferences in its window (0 when none).</summary>
        public float GetAverage(int classIndex)
        {
            int n = _count[classIndex];
            return n == 0 ? 0f : _sum[classIndex] / n;
        }

        /// <summary>Number of inferences inside the window of class <paramref name="classIndex"/>.</summary>
        public int GetCount(int classIndex)
        {
            return _count[classIndex];
        }

        public void Clear()
        {
            for (int c = 0; c < _classes; c++)
            {
                _count[c] = 0;
                _sum[c] = 0f;
            }

            _next = 0;
        }

        private int Oldest(int c)
        {
            int i = _next - _count[c];
            return i < 0 ? i + _capacity : i;
        }

        private void DropOldest(int c)
        {
            _sum[c] -= _scores[Oldest(c) * _classes + c];
            _count[c]--;
        }

        // Running float sums drift; recomputing once per lap of the ring bounds the error.
        private void Resum()
        {
            for (int c = 0; c < _classes; c++)
            {
                float s = 0f;
                int i = Oldest(c);
                for (int k = 0; k < _count[c]; k++)
                {
                    s += _scores[i * _classes + c];
                    i++;
                    if (i == _capacity)
                    {
                        i = 0;
                    }
                }

                _sum[c] = s;
            }
        }
    }
}
