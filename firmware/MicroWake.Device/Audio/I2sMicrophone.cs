#if ESP32
using System;
using System.Device.I2s;
using MicroWake.Core;
using nanoFramework.Hardware.Esp32;

namespace MicroWake.Device
{
    /// <summary>
    /// ESP32 I2S microphone (INMP441, SPH0645: master receive) or PDM microphone (Atom Echo's SPM1423)
    /// through System.Device.I2s. In master-RX mode the driver always moves 32-bit slots; with
    /// Bit32 the app gets the mic's 24 bits at the top of each int32 and the native side applies gain
    /// before reducing to 16 bits. "Stereo slots" asks for RightLeft frames and keeps our slot natively,
    /// avoiding the OnlyLeft/OnlyRight frame-size mismatch of the driver's frame map.
    /// </summary>
    public sealed class I2sMicrophone : IMicrophone
    {
        private readonly I2sDevice _device;
        private readonly int _bits;
        private readonly int _channels;
        private readonly int _channel;

        public I2sMicrophone(DeviceBoard board)
        {
            MicrophoneConfig mic = board.Config.Microphone;
            bool bus1 = mic.Port == 1;
            if (mic.Bus == MicBus.Pdm)
            {
                // The ESP32 drives the PDM clock on the WS line.
                Configuration.SetPinFunction(mic.ClockPin, bus1 ? DeviceFunction.I2S1_WS : DeviceFunction.I2S2_WS);
            }
            else
            {
                Configuration.SetPinFunction(mic.ClockPin, bus1 ? DeviceFunction.I2S1_BCK : DeviceFunction.I2S2_BCK);
                Configuration.SetPinFunction(mic.WordSelectPin, bus1 ? DeviceFunction.I2S1_WS : DeviceFunction.I2S2_WS);
                if (mic.MasterClockPin >= 0)
                {
                    Configuration.SetPinFunction(mic.MasterClockPin, bus1 ? DeviceFunction.I2S1_MCK : DeviceFunction.I2S2_MCK);
                }
            }

            Configuration.SetPinFunction(mic.DataPin, bus1 ? DeviceFunction.I2S1_MDATA_IN : DeviceFunction.I2S2_MDATA_IN);

            _bits = mic.BitsPerSample == 32 ? 32 : 16;
            _channels = board.StereoSlots ? 2 : 1;
            _channel = board.StereoSlots && mic.Channel == MicChannel.Right ? 1 : 0;

            I2sConnectionSettings settings = new I2sConnectionSettings(mic.Port);
            settings.Mode = mic.Bus == MicBus.Pdm ? I2sMode.Master | I2sMode.Rx | I2sMode.Pdm : I2sMode.Master | I2sMode.Rx;
            settings.CommunicationFormat = I2sCommunicationFormat.I2S;
            settings.BitsPerSample = _bits == 32 ? I2sBitsPerSample.Bit32 : I2sBitsPerSample.Bit16;
            settings.ChannelFormat = board.StereoSlots
                ? I2sChannelFormat.RightLeft
                : (mic.Channel == MicChannel.Right ? I2sChannelFormat.OnlyRight : I2sChannelFormat.OnlyLeft);
            settings.SampleRate = mic.SampleRate;
            settings.BufferSize = board.DmaBufferBytes;
            _device = new I2sDevice(settings);
        }

        public int BitsPerSample
        {
            get { return _bits; }
        }

        public int Channels
        {
            get { return _channels; }
        }

        public int Channel
        {
            get { return _channel; }
        }

        public void Read(byte[] buffer, int count)
        {
            // Blocks in native code until the span is full: keep reads short (board readMs).
            _device.Read(new SpanByte(buffer, 0, count));
        }

        public void Dispose()
        {
            _device.Dispose();
        }
    }
}
#endif
