using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MicroWake.Trainer;

/// <summary>
/// The DS-CNN family (Zhang et al., "Hello Edge"): conv 10x4 stride 2, then depthwise-separable
/// blocks (3x3 depthwise + 1x1 pointwise, each followed by ReLU), global average pooling and a
/// fully connected layer. Input [N, 1, frames, coeffs]; output logits [N, classes].
///
/// Two forms of the same graph: with batch norm (training), and folded (batch norm merged into
/// conv weights and biases), which is exactly what is exported to TFLite. The folded form can
/// fake-quantize weights (per channel) and activations (per tensor) for quantization-aware
/// fine-tuning and to predict the int8 model's accuracy.
/// </summary>
public sealed class DsCnn : Module<Tensor, Tensor>
{
    public readonly int Channels, Blocks, Classes, Frames, Coeffs;
    public readonly bool Folded;
    public readonly Conv2d Conv1;
    public readonly ModuleList<Conv2d> Dw, Pw;
    public readonly ModuleList<BatchNorm2d> Bn;
    public readonly Linear Fc;
    readonly Dropout _drop;

    /// <summary>Per-tensor activation maxima of each ReLU output (conv1, dw1, pw1, ...) for fake quantization.</summary>
    public float[]? ActivationMax;
    /// <summary>Logit range for fake quantization of the FC output.</summary>
    public float LogitMin, LogitMax;
    public bool FakeQuant;
    /// <summary>When set, forward records per-layer maxima into ActivationMax (calibration).</summary>
    public bool Calibrating;

    public DsCnn(int channels, int blocks, int classes, int frames, int coeffs, bool folded, float dropout = 0.2f)
        : base("dscnn")
    {
        Channels = channels; Blocks = blocks; Classes = classes; Frames = frames; Coeffs = coeffs; Folded = folded;
        Conv1 = Conv2d(1, channels, (10, 4), stride: (2, 2), bias: folded);
        Dw = new ModuleList<Conv2d>();
        Pw = new ModuleList<Conv2d>();
        Bn = new ModuleList<BatchNorm2d>();
        if (!folded) { Bn.Add(BatchNorm2d(channels)); }
        for (int i = 0; i < blocks; i++)
        {
            Dw.Add(Conv2d(channels, channels, (3, 3), padding: (1, 1), groups: channels, bias: folded));
            Pw.Add(Conv2d(channels, channels, (1, 1), bias: folded));
            if (!folded) { Bn.Add(BatchNorm2d(channels)); Bn.Add(BatchNorm2d(channels)); }
        }
        Fc = Linear(channels, classes);
        _drop = Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>TFLite SAME padding of the first conv (stride 2): (left, right, top, bottom).</summary>
    public (int L, int R, int T, int B) Conv1Padding
    {
        get
        {
            int oh = (Frames + 1) / 2, ow = (Coeffs + 1) / 2;
            int ph = Math.Max((oh - 1) * 2 + 10 - Frames, 0), pw = Math.Max((ow - 1) * 2 + 4 - Coeffs, 0);
            return (pw / 2, pw - pw / 2, ph / 2, ph - ph / 2);
        }
    }

    public (int H, int W) FeatureMap => ((Frames + 1) / 2, (Coeffs + 1) / 2);

    public override Tensor forward(Tensor x)
    {
        var p = Conv1Padding;
        x = functional.pad(x, new long[] { p.L, p.R, p.T, p.B });
        int layer = 0;
        x = Act(Conv(x, Conv1, 2, 0, 1), layer++, Folded ? null : Bn[0]);
        for (int i = 0; i < Blocks; i++)
        {
            x = Act(Conv(x, Dw[i], 1, 1, Channels), layer++, Folded ? null : Bn[1 + 2 * i]);
            x = Act(Conv(x, Pw[i], 1, 0, 1), layer++, Folded ? null : Bn[2 + 2 * i]);
        }
        x = x.mean(new long[] { 2, 3 });
        if (FakeQuant && ActivationMax != null) { x = FakeQuantUnsigned(x, ActivationMax[layer - 1]); }
        x = _drop.forward(x);
        x = FcForward(x);
        if (FakeQuant) { x = FakeQuantRange(x, LogitMin, LogitMax); }
        if (Calibrating)
        {
            LogitMin = Math.Min(LogitMin, x.min().item<float>());
            LogitMax = Math.Max(LogitMax, x.max().item<float>());
        }
        return x;
    }

    Tensor Act(Tensor x, int layer, BatchNorm2d? bn)
    {
        if (bn is not null) { x = bn.forward(x); }
        x = functional.relu(x);
        if (Calibrating)
        {
            ActivationMax ??= new float[1 + 2 * Blocks];
            ActivationMax[layer] = Math.Max(ActivationMax[layer], x.max().item<float>());
        }
        if (FakeQuant && ActivationMax != null) { x = FakeQuantUnsigned(x, ActivationMax[layer]); }
        return x;
    }

    /// <summary>Straight-through fake quantization of a ReLU output to int8 with zero point -128.</summary>
    static Tensor FakeQuantUnsigned(Tensor x, float max)
    {
        float s = Math.Max(max, 1e-6f) / 255f;
        var q = torch.clamp(torch.round(x / s), 0, 255) * s;
        return x + (q - x).detach();
    }

    static Tensor FakeQuantRange(Tensor x, float min, float max)
    {
        var (s, zp) = Quantizer.AsymmetricParams(min, max);
        var q = (torch.clamp(torch.round(x / s) + zp, -128, 127) - zp) * s;
        return x + (q - x).detach();
    }

    /// <summary>A convolution whose weights are fake-quantized per output channel in QAT mode.</summary>
    Tensor Conv(Tensor x, Conv2d conv, long stride, long pad, long groups)
    {
        if (!FakeQuant) { return conv.forward(x); }
        Tensor w = conv.weight!;
        var s = w.abs().amax(new long[] { 1, 2, 3 }, keepdim: true).clamp_min(1e-8f) / 127f;
        var wq = w + (torch.clamp(torch.round(w / s), -127, 127) * s - w).detach();
        return functional.conv2d(x, wq, conv.bias, new long[] { stride, stride }, new long[] { pad, pad }, groups: groups);
    }

    Tensor FcForward(Tensor x)
    {
        if (!FakeQuant) { return Fc.forward(x); }
        Tensor w = Fc.weight!;
        var s = w.abs().max().clamp_min(1e-8f) / 127f;
        var wq = w + (torch.clamp(torch.round(w / s), -127, 127) * s - w).detach();
        return functional.linear(x, wq, Fc.bias);
    }

    /// <summary>Multiply-accumulates of one inference (conv, depthwise, pointwise, FC).</summary>
    public long Macs()
    {
        var (h, w) = FeatureMap;
        long hw = (long)h * w, c = Channels;
        return hw * c * 10 * 4 + Blocks * (hw * c * 9 + hw * c * c) + c * Classes;
    }
}
