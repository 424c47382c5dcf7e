using Paylent.Application;
using Paylent.Infrastructure;
using Paylent.Infrastructure.Email;
using Paylent.Infrastructure.OAuth;
using Paylent.Infrastructure.Persistence;
using Paylent.Infrastructure.Tenancy;
using Paylent.Web;
using Paylent.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPaylentWeb();
builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
builder.AddEmailSending();

var app = builder.Build();
var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
if (args.Contains("migrate"))
{
    // `dotnet run --project src/Paylent.Web -- migrate`: bring the schema up to date and exit.
    await migrator.MigrateAsync();
    return;
}

await migrator.MigrateAsync();
var bootstrap = await app.Services.GetRequiredService<Bootstrapper>().RunAsync();
await app.Services.GetRequiredService<SigningKeyStartup>().RunAsync();
app.UsePaylentPipeline();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, bootstrap));
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
