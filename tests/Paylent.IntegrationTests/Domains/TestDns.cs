using System.Net.Http.Json;

namespace Paylent.IntegrationTests.Domains;

/// <summary>
/// The records of pebble-challtestsrv's DNS server (<c>PAYLENT_TEST_PEBBLE_DNS</c>), set through its
/// management API (<c>PAYLENT_TEST_PEBBLE_CHALLTESTSRV</c>), which <c>./build.sh test</c> starts.
/// </summary>
public static class TestDns
{
    public static string Server => Variable("PAYLENT_TEST_PEBBLE_DNS");

    private static Uri Management => new(Variable("PAYLENT_TEST_PEBBLE_CHALLTESTSRV"));

    public static Task SetTxtAsync(string name, string value) => PostAsync("/set-txt", new { host = Fqdn(name), value });

    public static Task ClearTxtAsync(string name) => PostAsync("/clear-txt", new { host = Fqdn(name) });

    public static Task SetCnameAsync(string name, string target) => PostAsync("/set-cname", new { host = Fqdn(name), target = Fqdn(target) });

    public static Task ClearCnameAsync(string name) => PostAsync("/clear-cname", new { host = Fqdn(name) });

    public static Task AddAAsync(string name, params string[] addresses) => PostAsync("/add-a", new { host = Fqdn(name), addresses });

    public static Task AddAaaaAsync(string name, params string[] addresses) => PostAsync("/add-aaaa", new { host = Fqdn(name), addresses });

    public static Task SetServfailAsync(string name) => PostAsync("/set-servfail", new { host = Fqdn(name) });

    public static Task ClearServfailAsync(string name) => PostAsync("/clear-servfail", new { host = Fqdn(name) });

    /// <summary>A fresh name under <c>example.test</c> with no records yet.</summary>
    public static string NewHostname(string prefix = "shop") => $"{prefix}-{Guid.NewGuid():N}.example.test";

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";

    private static async Task PostAsync(string path, object body)
    {
        using var http = new HttpClient();
        (await http.PostAsJsonAsync(new Uri(Management, path), body)).EnsureSuccessStatusCode();
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Domain tests need {name}: ./build.sh test starts pebble-challtestsrv and sets it; while developing, run ./build.sh pebble and export what it prints.");
}
