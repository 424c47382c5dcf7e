using Paylent.Domain.OAuth;

namespace Paylent.Benchmarks;

/// <summary>
/// What the code-flow client's tokens are signed with (<c>PAYLENT_BENCH_USER_FLOW_ALGORITHM</c>, read by both
/// the setup and the run): RS256 by default, the flows the targets are about; ES256 to measure the work
/// around the signatures, which RSA-4096 otherwise drowns in its drift (docs/performance.md). With ES256
/// the user flows run without raw-signing slices and their rows name the algorithm; no ceiling applies.
/// </summary>
internal static class UserFlowSigning
{
    public const string Variable = "PAYLENT_BENCH_USER_FLOW_ALGORITHM";

    public static string Algorithm { get; } = Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" or SigningAlgorithms.Rs256 => SigningAlgorithms.Rs256,
        SigningAlgorithms.Es256 => SigningAlgorithms.Es256,
        var other => throw new BenchmarkException($"{Variable} is RS256 or ES256, not {other}."),
    };

    public static bool IsRsa => Algorithm == SigningAlgorithms.Rs256;

    /// <summary>A user flow's row: the RS256 name the targets look up, or that name with the algorithm.</summary>
    public static string Name(string scenario) => IsRsa ? scenario : $"{scenario} ({Algorithm})";
}
