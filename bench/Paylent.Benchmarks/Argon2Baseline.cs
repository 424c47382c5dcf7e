using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Application.Common.Security;
using Paylent.Infrastructure;

namespace Paylent.Benchmarks;

/// <summary>What this machine's cores can verify with nothing else to do: the ceiling for password sign-ins.</summary>
/// <param name="Parameters">The PHC parameters measured (<c>m=19456,t=2,p=1</c>).</param>
/// <param name="CpuMillisecondsPerHash">CPU time per verification: unlike the rate, hardly affected by other load on the machine.</param>
internal sealed record Argon2Rate(string Parameters, int Threads, long Hashes, double PerSecond, double CpuMillisecondsPerHash);

/// <summary>
/// Argon2id verifications through Paylent's own hasher (libargon2, the parameters the server is
/// configured with: <c>Paylent__PasswordHashing__*</c> or the defaults), one loop per core, of a
/// correct password: exactly the Argon2 work of one successful sign-in.
/// </summary>
internal static class Argon2Baseline
{
    private const string Password = "benchmark password 0123456789";

    public static Argon2Rate Measure(TimeSpan duration)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        using var provider = new ServiceCollection().AddInfrastructure(configuration).BuildServiceProvider();
        var hasher = provider.GetRequiredService<IPasswordHasher>();
        var hash = hasher.Hash(Password);
        var parameters = hash.Split('$')[3];

        var rate = AllCores.Measure(duration, "argon2", () =>
        {
            Verify(hasher, hash);
            return () => Verify(hasher, hash);
        });
        return new Argon2Rate(parameters, rate.Threads, rate.Operations, rate.PerSecond, rate.CpuMillisecondsPerOperation);
    }

    private static void Verify(IPasswordHasher hasher, string hash)
    {
        if (hasher.Verify(hash, Password) == PasswordCheck.Mismatch)
        {
            throw new BenchmarkException("Argon2 did not verify its own hash.");
        }
    }
}
