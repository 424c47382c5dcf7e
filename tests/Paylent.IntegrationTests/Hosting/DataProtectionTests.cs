using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Paylent.Infrastructure.Common.DataProtection;
using Paylent.Infrastructure.Persistence;
using Paylent.IntegrationTests.Support;
using Paylent.Testing;

namespace Paylent.IntegrationTests.Hosting;

/// <summary>
/// Every instance on one database protects and reads cookies and antiforgery tokens with one key ring,
/// kept in the database with each key's secret sealed by the key-encryption key.
/// </summary>
public sealed class DataProtectionTests
{
    private const string Purpose = "DataProtectionTests";
    private static readonly string OtherKeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_browser_moving_between_two_instances_keeps_its_sign_in_and_its_form_tokens(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = PaylentApp.Start(database);
        await using var second = PaylentApp.Start(database);

        // One browser (one cookie jar) behind a load balancer that sends each request elsewhere.
        var cookies = new CookieContainer();
        var onFirst = Browser(first, cookies);
        var onSecond = Browser(second, cookies);

        // The form and its antiforgery cookie come from the first instance, the post goes to the second.
        var token = Html.AntiforgeryToken(await Html.ParseAsync(await onFirst.GetAsync("/sign-in")));
        var signIn = await onSecond.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = PaylentApp.AdminEmail,
            ["Password"] = PaylentApp.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        // The session cookie the second instance issued is a signed-in session on the first.
        var home = await onFirst.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.DoesNotContain("/sign-in", home.Headers.Location?.ToString(), StringComparison.Ordinal);
        var audit = await onFirst.GetAsync(home.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);

        // A form the first instance rendered for the signed-in admin posts to the second.
        var signOut = await onSecond.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(await Html.ParseAsync(audit)),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", (await onFirst.GetAsync("/environments/test/audit-events")).Headers.Location?.ToString(), StringComparison.Ordinal);

        // The second instance used the key the first created, rather than making its own.
        Assert.Single(await StoredKeysAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_instances_starting_at_once_on_an_empty_key_ring_share_one_key_on_postgres_and_read_each_others_payloads(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (PaylentApp.Start(database))
        {
            // Migrated and bootstrapped; the key ring is then emptied, as on a first start.
        }

        await using (var db = Contexts.Paylent(database))
        {
            await db.DataProtectionKeys.ExecuteDeleteAsync();
        }

        // Replicas deployed at once: on PostgreSQL one creates the first key and the other waits for it.
        // SQLite (one node) is not locked: both may create one, and each then reads the other's payloads
        // (ASP.NET re-reads the key ring on a payload of an unknown key in an instance's first minutes).
        var started = await Task.WhenAll(Task.Run(() => PaylentApp.Start(database)), Task.Run(() => PaylentApp.Start(database)));
        await using var first = started[0];
        await using var second = started[1];
        var payloads = new[] { Protector(first).Protect("from the first"), Protector(second).Protect("from the second") };

        Assert.Equal("from the second", Protector(first).Unprotect(payloads[1]));
        Assert.Equal("from the first", Protector(second).Unprotect(payloads[0]));
        Assert.InRange((await StoredKeysAsync(database)).Count, 1, provider == DatabaseProvider.Postgres ? 1 : 2);
    }

    [Fact]
    public async Task On_postgres_instances_starting_together_on_an_empty_key_ring_wait_for_one_to_create_the_first_key()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using (PaylentApp.Start(database))
        {
            // Migrated and bootstrapped; the key ring is then emptied, as on a first start.
        }

        await using (var db = Contexts.Paylent(database))
        {
            await db.DataProtectionKeys.ExecuteDeleteAsync();
        }

        // The test holds the first-key lock until both instances are waiting for it: neither can have
        // created a key yet, and once it is released only the first in line does.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_xact_lock({DataProtectionStartup.FirstKeyLock})");
        var starting = new[] { Task.Run(() => PaylentApp.Start(database)), Task.Run(() => PaylentApp.Start(database)) };
        await EventuallyAsync(async () => await ExecuteScalarAsync(holder, $"""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid::bigint = {DataProtectionStartup.FirstKeyLock >> 32} AND objid::bigint = {DataProtectionStartup.FirstKeyLock & uint.MaxValue}
            """) == 2);
        Assert.Empty(await StoredKeysAsync(database));
        await transaction.CommitAsync();

        var started = await Task.WhenAll(starting);
        await using var first = started[0];
        await using var second = started[1];
        Assert.Single(await StoredKeysAsync(database));
        Assert.Equal("shared", Protector(second).Unprotect(Protector(first).Protect("shared")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_stored_key_ring_holds_no_key_material_in_clear(DatabaseProvider provider)
    {
        await using var app = await PaylentApp.StartAsync(provider);
        var protector = Protector(app);
        var payload = protector.Protect("secret");

        var xml = Assert.Single(await StoredKeysAsync(app.Database));
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        Assert.Contains($"decryptorType=\"{typeof(KekXmlDecryptor).AssemblyQualifiedName}\"", xml, StringComparison.Ordinal);
        Assert.Contains($"<sealedSecret xmlns=\"\">v1.{KekId(PaylentApp.TestKeyEncryptionKey)}.", xml, StringComparison.Ordinal);
        Assert.Equal("secret", protector.Unprotect(payload));
    }

    [Fact]
    public async Task An_instance_without_the_key_encryption_key_of_the_key_ring_refuses_to_start_and_names_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var first = PaylentApp.Start(database))
        {
            Protector(first).Protect("creates the first key");
        }

        var refused = Assert.ThrowsAny<Exception>(() => PaylentApp.Start(database, new Dictionary<string, string?>
        {
            ["Paylent:Keys:EncryptionKey"] = OtherKeyEncryptionKey,
        }));

        Assert.Contains($"The key-encryption key {KekId(PaylentApp.TestKeyEncryptionKey)} is not configured", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains("Data-protection key", refused.ToString(), StringComparison.Ordinal);
        Assert.Single(await StoredKeysAsync(database));
    }

    [Fact]
    public async Task After_a_key_encryption_key_rotation_keys_sealed_with_the_previous_one_still_open()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        string payload;
        await using (var first = PaylentApp.Start(database))
        {
            payload = Protector(first).Protect("issued before the rotation");
        }

        await using var rotated = PaylentApp.Start(database, new Dictionary<string, string?>
        {
            ["Paylent:Keys:EncryptionKey"] = OtherKeyEncryptionKey,
            ["Paylent:Keys:PreviousEncryptionKeys:0"] = PaylentApp.TestKeyEncryptionKey,
        });

        Assert.Equal("issued before the rotation", Protector(rotated).Unprotect(payload));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ExecuteScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 60 seconds.");
            await Task.Delay(50);
        }
    }

    private static HttpClient Browser(PaylentApp app, CookieContainer cookies) =>
        new(new CookieContainerHandler(cookies) { InnerHandler = app.Server.CreateHandler() }) { BaseAddress = new Uri("http://localhost/") };

    private static IDataProtector Protector(PaylentApp app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static async Task<List<string>> StoredKeysAsync(TestDatabase database)
    {
        await using var db = Contexts.Paylent(database);
        return await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    // KeyEncryption names a KEK by the first 8 characters of its SHA-256, base64url.
    private static string KekId(string base64Key) =>
        Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(base64Key))).Replace('+', '-').Replace('/', '_')[..8];
}
