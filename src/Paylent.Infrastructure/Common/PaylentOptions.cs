namespace Paylent.Infrastructure.Common;

/// <summary>The <c>Paylent</c> configuration section (see docs/configuration.md).</summary>
public sealed class PaylentOptions
{
    public const string Section = "Paylent";

    /// <summary>Environments are served on <c>{account}-{environment}.{BaseDomain}</c>; the bare domain is the dashboard.</summary>
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>SQLite file, email pickup folder and other local state.</summary>
    public string DataDirectory { get; set; } = "./data";

    public string DataPath(params string[] parts) => Path.GetFullPath(Path.Combine([DataDirectory, .. parts]));
}
