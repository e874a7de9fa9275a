using System.Threading;
using MicroWake.Core;
using MicroWake.Device.Native;

namespace MicroWake.Device
{
    /// <summary>
    /// Microphone captured in native code (STM32: ChibiOS I2S driver into a ring, see
    /// native-interop/nanoframework/mw_nf_capture_chibios.c). The ring holds only our slot, so the raw
    /// format is mono. Reading never blocks natively; while the ring is short, this thread sleeps and
    /// the other managed threads run.
    /// </summary>
    public sealed class NativeCaptureMicrophone : IMicrophone
    {
        private readonly int _bits;

        public NativeCaptureMicrophone(DeviceBoard board)
        {
            MicrophoneConfig mic = board.Config.Microphone;
            _bits = mic.BitsPerSample == 32 ? 32 : 16;
            int status = NativeEngine.CaptureStart(mic.SampleRate, _bits, mic.Channel == MicChannel.Right ? 1 : 0);
            if (status != 0)
            {
                throw new EngineException(status, NativeEngine.GetLastError());
            }
        }

        public int BitsPerSample
        {
            get { return _bits; }
        }

        public int Channels
        {
            get { return 1; }
        }

        public int Channel
        {
            get { return 0; }
        }

        public void Read(byte[] buffer, int count)
        {
            int got = 0;
            while (got < count)
            {
                int n = NativeEngine.CaptureRead(buffer, got, count - got);
                if (n < 0)
                {
                    throw new EngineException(-n, NativeEngine.GetLastError());
                }

                got += n;
                if (got < count)
                {
                    Thread.Sleep(5);
                }
            }
        }

        public void Dispose()
        {
            NativeEngine.CaptureStop();
        }
    }
}
