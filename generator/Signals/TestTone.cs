namespace QirenGan.Generator.Signals;

/// <summary>
/// The built-in procedural sound (the project ships no recordings): one second at 44.1 kHz of four plucked notes,
/// A3, C♯4, E4, A4 (a quarter second each), every note four harmonics of amplitude 1/k decaying as e^{−6t}. The
/// official sound window (frames 20000–25000) straddles the C♯4 → E4 change, so a fit must follow two pitches,
/// their overtones and an onset.
/// </summary>
public static class TestTone
{
    public const int SampleRate = 44100;

    private static readonly double[] Notes = [220.0, 277.18, 329.63, 440.0];
    private const int Harmonics = 4;
    private const double Decay = 6;
    private const double Peak = 0.5;

    public static WavAudio Create()
    {
        var samples = new float[SampleRate];
        var noteLength = SampleRate / Notes.Length;
        for (var f = 0; f < samples.Length; ++f)
        {
            var note = Math.Min(f / noteLength, Notes.Length - 1);
            var t = (double)(f - note * noteLength) / SampleRate;
            var value = 0.0;
            for (var k = 1; k <= Harmonics; ++k)
            {
                value += Math.Sin(2 * Math.PI * k * Notes[note] * t) / k;
            }
            samples[f] = (float)(Peak * value * Math.Exp(-Decay * t) / 2);
        }
        return new WavAudio(SampleRate, [samples]);
    }
}
