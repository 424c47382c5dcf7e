using Npgsql;
using Paylent.Infrastructure;

namespace Paylent.IntegrationTests.Persistence;

public sealed class AutoPrepareTests
{
    [Fact]
    public void PostgreSQL_statements_are_auto_prepared_unless_the_connection_string_decides()
    {
        var byDefault = new NpgsqlConnectionStringBuilder(DependencyInjection.WithAutoPrepare("Host=db;Username=paylent;Password=p;Database=paylent"));
        var turnedOff = new NpgsqlConnectionStringBuilder(DependencyInjection.WithAutoPrepare("Host=db;Max Auto Prepare=0"));
        var chosen = new NpgsqlConnectionStringBuilder(DependencyInjection.WithAutoPrepare("Host=db;MaxAutoPrepare=5"));

        Assert.Equal(64, byDefault.MaxAutoPrepare);
        Assert.Equal("p", byDefault.Password);
        Assert.Equal(0, turnedOff.MaxAutoPrepare);
        Assert.Equal(5, chosen.MaxAutoPrepare);
    }
}
