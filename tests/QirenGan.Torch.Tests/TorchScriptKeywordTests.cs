namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class TorchScriptKeywordTests
{
    [Fact]
    public void Keyword_arguments_reach_the_module_by_name()
    {
        // tiny-vgg16.pt: forward(img, resize_images=True, return_lpips=False); lpips features are wider than the pooled ones
        using var scope = DisposeScope.Enter();
        using var module = TorchScript.Load(Repo.Fixture("tiny-vgg16.pt"));
        var img = Tensors.Full([2, 3, 16, 16], 100);

        var pooled = module.Forward(img, ("resize_images", false));
        var lpips = module.Forward(img, ("return_lpips", true), ("resize_images", false));

        Assert.Equal([2L, 4], pooled.Shape);                       // h2.mean([2, 3])
        Assert.Equal([2L, 4 * 16 * 16 + 4 * 4 * 4], lpips.Shape);   // h1 at 16×16, h2 at 4×4, flattened
        var e = Assert.Throws<TorchException>(() => module.Forward(img, ("no_such_argument", true)));
        Assert.Contains("no_such_argument", e.Message);
    }

    [Fact]
    public void Gradients_flow_through_a_frozen_module_to_its_input()
    {
        using var scope = DisposeScope.Enter();
        using var module = TorchScript.Load(Repo.Fixture("tiny-vgg16.pt"));
        module.RequiresGrad_(false);
        using var rng = new RandomGenerator(1);
        var img = Tensors.Rand([1, 3, 8, 8], rng).Mul(255).RequiresGrad_();
        var r = Tensors.Randn([1, 4 * 8 * 8 + 4 * 2 * 2], rng, ScalarType.Float32);   // a fixed direction in feature space
        var f = module.Forward(img, ("resize_images", false), ("return_lpips", true)).Mul(r).Sum();
        var grad = Autograd.Grad(f, img);

        // finite difference along the gradient's own direction
        var dir = grad.Div(grad.Norm().ToDouble());
        const double h = 0.5;
        using var noGrad = Autograd.NoGrad();
        double F(double s) => module.Forward(img.Detach().Add(dir.Mul(s)).To(ScalarType.Float64), ("resize_images", false), ("return_lpips", true)).Mul(r.Double()).Sum().ToDouble();
        var numeric = (F(h) - F(-h)) / (2 * h);
        Assert.Equal(grad.Norm().ToDouble(), numeric, 0.02 * Math.Abs(numeric) + 1e-6);
    }
}
