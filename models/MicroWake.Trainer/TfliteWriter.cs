using System.Globalization;
using System.Text;

namespace MicroWake.Trainer;

/// <summary>
/// Writes a <see cref="QuantModel"/> as an int8 TFLite flatbuffer (schema version 3):
/// CONV_2D / DEPTHWISE_CONV_2D (fused ReLU, per-channel weights along dim 0 / dim 3), AVERAGE_POOL_2D
/// over the whole feature map, RESHAPE to [1, C], FULLY_CONNECTED (per-tensor weights) and SOFTMAX
/// (output scale 1/256, zero point -128), plus the "microwake" metadata entry
/// (native-interop/docs/model-metadata.md).
/// </summary>
public static class TfliteWriter
{
    // BuiltinOperator codes and the operator versions TFLite's converter assigns to int8 models.
    const int OpAveragePool = 1, OpConv = 3, OpDepthwise = 4, OpFullyConnected = 9, OpReshape = 22, OpSoftmax = 25;
    // BuiltinOptions union tags.
    const byte OptConv = 1, OptDepthwise = 2, OptPool = 5, OptFullyConnected = 8, OptSoftmax = 9, OptReshape = 17;
    const byte TypeInt32 = 2, TypeInt8 = 9;
    const byte PaddingSame = 0, PaddingValid = 1, ActNone = 0, ActRelu = 1;

    public static byte[] Write(QuantModel m, string metadataText)
    {
        var b = new GraphBuilder();
        int x = b.Tensor("input", new[] { 1, m.Frames, m.Coeffs, 1 }, TypeInt8, -1, Quant(new[] { m.InputScale }, m.InputZeroPoint));
        int h = (m.Frames + 1) / 2, w = (m.Coeffs + 1) / 2;
        int n = 0;
        float inScale = m.InputScale;
        foreach (QuantLayer l in m.Layers.Where(l => l.Kind != "fc"))
        {
            string name = n == 0 ? "conv1" : (l.Kind == "dw" ? $"block{(n + 1) / 2}/depthwise" : $"block{n / 2}/pointwise");
            int wt = b.Tensor(name + "/weights", l.WeightShape, TypeInt8, b.Buffer(l.Weights.Select(v => (byte)v).ToArray()),
                Quant(l.WeightScales, 0, l.Kind == "dw" ? 3 : 0));
            int bt = b.Tensor(name + "/bias", new[] { l.Bias.Length }, TypeInt32, b.Buffer(l.Bias.SelectMany(BitConverter.GetBytes).ToArray()),
                Quant(l.WeightScales.Select(s => inScale * s).ToArray(), 0));
            int y = b.Tensor(name + "/relu", new[] { 1, h, w, m.Channels }, TypeInt8, -1, Quant(new[] { l.OutScale }, l.OutZeroPoint));
            var opt = new Fb.Table()
                .Add(0, Fb.U8(l.SamePadding ? PaddingSame : PaddingValid))
                .Add(1, Fb.I32(l.Stride)).Add(2, Fb.I32(l.Stride));
            if (l.Kind == "dw")
            {
                opt.Add(3, Fb.I32(1)).Add(4, Fb.U8(ActRelu)).Add(5, Fb.I32(1)).Add(6, Fb.I32(1));
                b.Op(OpDepthwise, 3, new[] { x, wt, bt }, y, OptDepthwise, opt);
            }
            else
            {
                opt.Add(3, Fb.U8(ActRelu)).Add(4, Fb.I32(1)).Add(5, Fb.I32(1));
                b.Op(OpConv, 3, new[] { x, wt, bt }, y, OptConv, opt);
            }
            x = y;
            inScale = l.OutScale;
            n++;
        }

        QuantLayer last = m.Layers[^2];
        int pooled = b.Tensor("pool", new[] { 1, 1, 1, m.Channels }, TypeInt8, -1, Quant(new[] { last.OutScale }, last.OutZeroPoint));
        b.Op(OpAveragePool, 2, new[] { x }, pooled, OptPool, new Fb.Table()
            .Add(0, Fb.U8(PaddingValid)).Add(1, Fb.I32(w)).Add(2, Fb.I32(h))
            .Add(3, Fb.I32(w)).Add(4, Fb.I32(h)).Add(5, Fb.U8(ActNone)));
        int shape = b.Tensor("flatten/shape", new[] { 2 }, TypeInt32, b.Buffer(new[] { 1, m.Channels }.SelectMany(BitConverter.GetBytes).ToArray()), null);
        int flat = b.Tensor("flatten", new[] { 1, m.Channels }, TypeInt8, -1, Quant(new[] { last.OutScale }, last.OutZeroPoint));
        b.Op(OpReshape, 1, new[] { pooled, shape }, flat, OptReshape, new Fb.Table().Add(0, Fb.Ints(new[] { 1, m.Channels })));

        QuantLayer fc = m.Layers[^1];
        int fw = b.Tensor("fc/weights", fc.WeightShape, TypeInt8, b.Buffer(fc.Weights.Select(v => (byte)v).ToArray()), Quant(fc.WeightScales, 0));
        int fbias = b.Tensor("fc/bias", new[] { m.Classes }, TypeInt32, b.Buffer(fc.Bias.SelectMany(BitConverter.GetBytes).ToArray()),
            Quant(new[] { last.OutScale * fc.WeightScales[0] }, 0));
        int logits = b.Tensor("logits", new[] { 1, m.Classes }, TypeInt8, -1, Quant(new[] { fc.OutScale }, fc.OutZeroPoint));
        b.Op(OpFullyConnected, 4, new[] { flat, fw, fbias }, logits, OptFullyConnected, new Fb.Table()
            .Add(0, Fb.U8(ActNone)).Add(1, Fb.U8(0)).Add(2, Fb.U8(0)).Add(3, Fb.U8(0)));
        int probs = b.Tensor("scores", new[] { 1, m.Classes }, TypeInt8, -1, Quant(new[] { 1f / 256f }, -128));
        b.Op(OpSoftmax, 2, new[] { logits }, probs, OptSoftmax, new Fb.Table().Add(0, Fb.F32(1f)));

        int metaBuffer = b.Buffer(Encoding.UTF8.GetBytes(metadataText));
        return b.Finish(0, probs, metaBuffer);
    }

    /// <summary>The "microwake" metadata text for a configuration, input window and threshold.</summary>
    public static string Metadata(ModelConfig c, float threshold)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("# MicroWake model settings (written by MicroWake.Trainer)\n");
        sb.Append("version=1\n");
        sb.Append("frontend=mfcc\n");
        sb.Append(ci, $"sample_rate={c.SampleRate}\n");
        sb.Append(ci, $"window_samples={c.WindowSamples}\n");
        sb.Append(ci, $"hop_samples={c.HopSamples}\n");
        sb.Append(ci, $"fft_size={c.FftSize}\n");
        sb.Append(ci, $"window_fn={c.WindowFn}\n");
        sb.Append(ci, $"mel_bands={c.MelBands}\n");
        sb.Append(ci, $"lower_hz={c.LowerHz.ToString("R", ci)}\n");
        sb.Append(ci, $"upper_hz={c.UpperHz.ToString("R", ci)}\n");
        sb.Append(ci, $"coeffs={c.Coeffs}\n");
        sb.Append(ci, $"log_floor={c.LogFloor.ToString("R", ci).ToLowerInvariant()}\n");
        sb.Append(ci, $"frames={c.Frames}\n");
        sb.Append("labels=").Append(string.Join(",", c.Labels)).Append('\n');
        sb.Append(ci, $"infer_every_hops={c.InferEveryHops}\n");
        sb.Append(ci, $"threshold={threshold.ToString("0.###", ci)}\n");
        sb.Append(ci, $"average_window_ms={c.AverageWindowMs}\n");
        sb.Append(ci, $"min_count={c.MinCount}\n");
        sb.Append(ci, $"suppression_ms={c.SuppressionMs}\n");
        return sb.ToString();
    }

    static Fb.Table Quant(float[] scales, int zeroPoint, int dimension = 0)
    {
        var t = new Fb.Table()
            .Add(2, Fb.Floats(scales))
            .Add(3, Fb.Longs(Enumerable.Repeat((long)zeroPoint, scales.Length)));
        if (dimension != 0) { t.Add(6, Fb.I32(dimension)); }
        return t;
    }

    /// <summary>Collects tensors, buffers, operator codes and operators of one subgraph.</summary>
    sealed class GraphBuilder
    {
        readonly List<Fb.Node> _tensors = new();
        readonly List<Fb.Node> _buffers = new() { new Fb.Table() }; // buffer 0: the empty sentinel
        readonly List<(int Code, int Version)> _codes = new();
        readonly List<Fb.Node> _ops = new();

        public int Buffer(byte[] data)
        {
            _buffers.Add(new Fb.Table().Add(0, Fb.Bytes(data, 16)));
            return _buffers.Count - 1;
        }

        public int Tensor(string name, int[] shape, byte type, int buffer, Fb.Table? quant)
        {
            var t = new Fb.Table()
                .Add(0, Fb.Ints(shape))
                .Add(1, Fb.U8(type))
                .Add(2, Fb.U32((uint)Math.Max(buffer, 0)))
                .Add(3, new Fb.Str(name))
                .Add(4, quant);
            _tensors.Add(t);
            return _tensors.Count - 1;
        }

        public void Op(int code, int version, int[] inputs, int output, byte optionsType, Fb.Table options)
        {
            int idx = _codes.IndexOf((code, version));
            if (idx < 0) { _codes.Add((code, version)); idx = _codes.Count - 1; }
            _ops.Add(new Fb.Table()
                .Add(0, Fb.U32((uint)idx))
                .Add(1, Fb.Ints(inputs))
                .Add(2, Fb.Ints(new[] { output }))
                .Add(3, Fb.U8(optionsType))
                .Add(4, options));
        }

        public byte[] Finish(int input, int output, int metadataBuffer)
        {
            var subgraph = new Fb.Table()
                .Add(0, new Fb.NodeVector(_tensors))
                .Add(1, Fb.Ints(new[] { input }))
                .Add(2, Fb.Ints(new[] { output }))
                .Add(3, new Fb.NodeVector(_ops))
                .Add(4, new Fb.Str("main"));
            var codes = _codes.Select(c => (Fb.Node)new Fb.Table()
                .Add(0, Fb.U8((byte)c.Code))
                .Add(2, Fb.I32(c.Version))
                .Add(3, Fb.I32(c.Code)));
            var metadata = new Fb.Table().Add(0, new Fb.Str("microwake")).Add(1, Fb.U32((uint)metadataBuffer));
            var model = new Fb.Table()
                .Add(0, Fb.U32(3))
                .Add(1, new Fb.NodeVector(codes))
                .Add(2, new Fb.NodeVector(new Fb.Node[] { subgraph }))
                .Add(3, new Fb.Str("MicroWake keyword model"))
                .Add(4, new Fb.NodeVector(_buffers))
                .Add(6, new Fb.NodeVector(new Fb.Node[] { metadata }));
            return Fb.Finish(model, "TFL3");
        }
    }
}
