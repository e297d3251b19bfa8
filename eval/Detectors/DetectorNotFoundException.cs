namespace QirenGan.Eval.Detectors;

/// <summary>The detector file is missing; the message says where it was looked for and how to get it.</summary>
public sealed class DetectorNotFoundException(string message, string path) : FileNotFoundException(message, path);
