using Npgsql;
using Paylent.Infrastructure;

namespace Paylent.IntegrationTests.Persistence;

public sealed class PoolDefaultsTests
{
    [Fact]
    public void PostgreSQL_statements_are_auto_prepared_unless_the_connection_string_decides()
    {
        var byDefault = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;Username=paylent;Password=p;Database=paylent"));
        var turnedOff = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;Max Auto Prepare=0"));
        var chosen = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;MaxAutoPrepare=5"));

        Assert.Equal(64, byDefault.MaxAutoPrepare);
        Assert.Equal("p", byDefault.Password);
        Assert.Equal(0, turnedOff.MaxAutoPrepare);
        Assert.Equal(5, chosen.MaxAutoPrepare);
    }

    [Fact]
    public void Pooled_PostgreSQL_connections_are_not_reset_on_reuse_unless_the_connection_string_decides()
    {
        var byDefault = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;Username=paylent;Password=p;Database=paylent"));
        var reset = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;No Reset On Close=false"));
        var resetToo = new NpgsqlConnectionStringBuilder(DependencyInjection.WithPoolDefaults("Host=db;NoResetOnClose=false"));

        Assert.True(byDefault.NoResetOnClose);
        Assert.Equal(64, byDefault.MaxAutoPrepare);
        Assert.False(reset.NoResetOnClose);
        Assert.False(resetToo.NoResetOnClose);
    }
}
