namespace QirenGan.Eval.Interpolation;

/// <summary>Where latents are interpolated.</summary>
public enum LatentSpace
{
    /// <summary>The Gaussian input z: spherical interpolation, so in-between latents keep a typical norm.</summary>
    Z,

    /// <summary>The intermediate latent w: linear interpolation (StyleGAN's W is roughly flat).</summary>
    W,
}
