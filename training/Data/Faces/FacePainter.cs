using QirenGan.Torch.Imaging;

namespace QirenGan.Training.Data.Faces;

/// <summary>
/// Paints a <see cref="FaceTraits"/> portrait back to front: background, back hair, shoulders and neck, ears, face
/// (shaded, egg-shaped), front hair, beard, brows, eyes, nose, mouth, blush, glasses. Feature sizes are relative to
/// the face so every face stays plausible; the whole head is rolled about its centre.
/// </summary>
public static class FacePainter
{
    public static RgbImage Paint(FaceTraits f, int resolution)
    {
        var canvas = new Canvas(resolution);
        double cx = f.CenterX, cy = f.CenterY, rx = f.FaceRx, ry = f.FaceRy;
        var full = (-1.0, -1.0, 1.0, 1.0);

        // Every head shape is evaluated in the head's rolled frame.
        double cos = Math.Cos(f.Roll), sin = Math.Sin(f.Roll);
        Sdf Head(Sdf s) => (x, y) =>
        {
            double dx = x - cx, dy = y - cy;
            return s(cx + cos * dx + sin * dy, cy - sin * dx + cos * dy);
        };

        canvas.Background((x, y) => Rgb.Lerp(f.BackgroundTop, f.BackgroundBottom, (y + 1) / 2));

        // Hair behind the head.
        var hairBack = f.Style switch
        {
            HairStyle.Long => Shapes.Union(Shapes.Ellipse(cx, cy - 0.04 * ry, rx * 1.28, ry * 1.1),
                Shapes.Box(cx, cy + ry * 0.9, rx * 1.22, ry * 0.95, 0.15)),
            HairStyle.Bob => Shapes.Intersect(Shapes.Ellipse(cx, cy, rx * 1.3, ry * 1.1), (x, y) => y - (cy + ry * 0.55)),
            _ => null,
        };
        if (hairBack != null)
        {
            canvas.Fill(Head(hairBack), f.Hair.Scale(0.85), full);
        }

        // Shoulders, then the neck.
        canvas.Fill(Shapes.Ellipse(cx, cy + ry + 0.62, rx * 2.1, 0.55), (x, y) => f.Clothes.Scale(1.05 - 0.2 * Math.Abs(x - cx)), full);
        canvas.Fill(Head(Shapes.Box(cx, cy + ry * 0.8, rx * 0.45, ry * 0.45, 0.05)), f.Skin.Scale(0.8), full);

        // Ears at eye height.
        var eyeY = cy + f.EyeY * ry;
        foreach (var side in new[] { -1.0, 1.0 })
        {
            canvas.Fill(Head(Shapes.Ellipse(cx + side * rx * 0.97, eyeY + 0.1 * ry, rx * 0.17, ry * 0.2)), f.Skin.Scale(0.9), full);
        }

        // The face: an ellipse whose lower half narrows toward the chin, shaded darker toward its rim.
        Sdf face = (x, y) =>
        {
            var t = Math.Clamp((y - cy) / ry, 0, 1);
            var rxEff = rx * (1 - f.JawTaper * t * t);
            double u = (x - cx) / rxEff, v = (y - cy) / ry;
            var k0 = Math.Sqrt(u * u + v * v);
            var k1 = Math.Sqrt(u * u / (rxEff * rxEff) + v * v / (ry * ry));
            return k1 < 1e-12 ? -rx : k0 * (k0 - 1) / k1;
        };
        canvas.Fill(Head(face), (x, y) =>
        {
            double u = (x - cx - f.Yaw) / rx, v = (y - cy + 0.2 * ry) / ry;
            return f.Skin.Scale(1.06 - 0.22 * (u * u + 0.5 * v * v));
        }, full);

        // Hair over the forehead (or a bun on top).
        if (f.Style == HairStyle.Bun)
        {
            canvas.Fill(Head(Shapes.Circle(cx, cy - ry * 1.02, rx * 0.38)), f.Hair, full);
        }
        var hairlineY = cy - ry * f.HairlineDrop;
        var cap = Shapes.Ellipse(cx, cy - 0.03 * ry, rx * 1.1, ry * 1.05);
        Sdf front = f.Fringe switch
        {
            Fringe.Bangs => Shapes.Intersect(cap, Shapes.Above(cx, cy - ry * 0.3, 0.4)),
            Fringe.SidePart => Shapes.Intersect(cap, Shapes.Above(cx + rx * 0.35, hairlineY + 0.05, 1.6)),
            _ => Shapes.Intersect(cap, Shapes.Above(cx, hairlineY, 1.2)),
        };
        canvas.Fill(Head(front), (x, y) => f.Hair.Scale(1.1 - 0.25 * (y - (cy - ry)) / ry), full,
            opacity: f.Style == HairStyle.Buzz ? 0.55 : 1);

        // Feature positions, shifted sideways by the yaw.
        var featureX = cx + f.Yaw;
        var eyeDx = f.EyeSpacing * rx;
        double eyeRx = f.EyeRx * rx * 0.5, eyeRy = f.EyeRy * ry * 0.5;
        var mouthY = cy + f.MouthY * ry;

        if (f.Beard)
        {
            var beard = Shapes.Intersect(face, (x, y) => (cy + ry * 0.18 + 0.15 * (x - cx) * (x - cx)) - y);
            canvas.Fill(Head(beard), f.Hair.Scale(0.95), full, opacity: 0.9, softness: 0.03);
        }

        foreach (var side in new[] { -1.0, 1.0 })
        {
            var ex = featureX + side * eyeDx;
            // Shadow of the eye socket, then the brow.
            canvas.Fill(Head(Shapes.Ellipse(ex, eyeY - eyeRy * 0.3, eyeRx * 1.6, eyeRy * 1.9)), f.Skin.Scale(0.82), full,
                opacity: 0.5, softness: 0.05);
            var browY = eyeY - f.BrowLift * ry * 0.5;
            canvas.Fill(Head(Shapes.Ellipse(ex, browY, eyeRx * 1.35, f.BrowThickness * ry * 0.5, side * f.BrowTilt)),
                f.Hair.Scale(0.8), full, opacity: 0.95);
            // Eye white, iris (clipped to the white), pupil, highlight, upper lid.
            var white = Shapes.Ellipse(ex, eyeY, eyeRx, eyeRy);
            canvas.Fill(Head(white), new Rgb(0.95, 0.94, 0.92), full);
            var irisR = eyeRy * 0.95;
            canvas.Fill(Head(Shapes.Intersect(white, Shapes.Circle(ex, eyeY, irisR))), f.Iris, full);
            canvas.Fill(Head(Shapes.Circle(ex, eyeY, irisR * 0.45)), new Rgb(0.03, 0.03, 0.03), full);
            canvas.Fill(Head(Shapes.Circle(ex + irisR * 0.3, eyeY - irisR * 0.3, irisR * 0.2)), new Rgb(1, 1, 1), full, opacity: 0.85);
            canvas.Fill(Head(Shapes.Intersect(Shapes.Outline(white, 0.012), (x, y) => y - eyeY)), new Rgb(0.1, 0.07, 0.06), full, opacity: 0.8);
        }

        // Nose: a soft shadow along one side and two nostrils.
        var noseY = eyeY + f.NoseLength * ry;
        canvas.Fill(Head(Shapes.Ellipse(featureX + rx * 0.06, (eyeY + noseY) / 2 + 0.03, rx * 0.09, (noseY - eyeY) * 0.55)),
            f.Skin.Scale(0.78), full, opacity: 0.45, softness: 0.05);
        foreach (var side in new[] { -1.0, 1.0 })
        {
            canvas.Fill(Head(Shapes.Ellipse(featureX + side * rx * 0.08, noseY, rx * 0.045, ry * 0.022)), f.Skin.Scale(0.5), full, opacity: 0.8);
        }

        // Mouth.
        var mw = f.MouthWidth * rx * 0.5;
        switch (f.Mouth)
        {
            case MouthShape.Smile:
            {
                var outer = Shapes.Ellipse(featureX, mouthY, mw, ry * 0.1);
                var cut = Shapes.Ellipse(featureX, mouthY - ry * 0.09, mw * 1.3, ry * 0.1);
                canvas.Fill(Head(Shapes.Subtract(outer, cut)), f.Lips, full);
                canvas.Fill(Head(Shapes.Intersect(Shapes.Outline(cut, 0.01), outer)), f.Lips.Scale(0.45), full, opacity: 0.9);
                break;
            }
            case MouthShape.Neutral:
                canvas.Fill(Head(Shapes.Ellipse(featureX, mouthY, mw * 0.9, ry * 0.045)), f.Lips, full);
                canvas.Fill(Head(Shapes.Ellipse(featureX, mouthY, mw * 0.85, ry * 0.008)), f.Lips.Scale(0.45), full);
                break;
            default:
            {
                var lips = Shapes.Ellipse(featureX, mouthY, mw * 0.9, ry * 0.09);
                var inside = Shapes.Ellipse(featureX, mouthY, mw * 0.72, ry * 0.058);
                canvas.Fill(Head(lips), f.Lips, full);
                canvas.Fill(Head(inside), new Rgb(0.25, 0.06, 0.07), full);
                canvas.Fill(Head(Shapes.Intersect(inside, (x, y) => y - (mouthY - ry * 0.02))), new Rgb(0.95, 0.94, 0.9), full);
                break;
            }
        }

        if (f.Blush > 0.02)
        {
            foreach (var side in new[] { -1.0, 1.0 })
            {
                canvas.Fill(Head(Shapes.Ellipse(featureX + side * rx * 0.55, (noseY + mouthY) / 2 - 0.03, rx * 0.2, ry * 0.1)),
                    new Rgb(0.9, 0.35, 0.38), full, opacity: f.Blush, softness: 0.08);
            }
        }

        if (f.Glasses)
        {
            var lensR = eyeRx * 1.45;
            var frame = Shapes.Union(
                Shapes.Outline(Shapes.Circle(featureX - eyeDx, eyeY, lensR), 0.017),
                Shapes.Outline(Shapes.Circle(featureX + eyeDx, eyeY, lensR), 0.017));
            frame = Shapes.Union(frame, Shapes.Box(featureX, eyeY - lensR * 0.25, eyeDx - lensR, 0.014));
            canvas.Fill(Head(frame), f.GlassesColor, full);
        }

        return canvas.ToImage();
    }
}
