namespace Linreg.Core;

/// <summary>The process exit codes linreg promises to scripts. The README's table lists the same values.</summary>
public enum ExitCode
{
    Success = 0,

    /// <summary>A bug in linreg itself: anything that is not the user's doing.</summary>
    InternalError = 1,

    /// <summary>The command line is wrong: unknown option, bad or out-of-range value.</summary>
    UsageError = 2,

    /// <summary>The input data cannot be used: missing file, bad CSV, non-numeric cell, unknown column.</summary>
    DataError = 3,

    /// <summary>A model file is missing, damaged, of an unknown schema, or does not fit the data.</summary>
    ModelError = 4,

    /// <summary>Training produced a NaN or infinite cost; no model was written.</summary>
    TrainingDiverged = 5,

    /// <summary>The machine lacks something linreg needs: TorchSharp's native library, a CUDA device.</summary>
    EnvironmentError = 6,

    /// <summary>An output file could not be written (missing folder, permission, would overwrite the input).</summary>
    OutputError = 7,

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
