using NetArchTest.Rules;
using Paylent.ArchitectureTests.Fixtures.Domain.Billing;

namespace Paylent.ArchitectureTests;

/// <summary>
/// Why <see cref="GeneratedCodeUsesNone"/> exists: what NetArchTest 1.3.2 sees of compiler-generated
/// code on its own. If an upgrade makes the first test fail, the adapter may be dropped.
/// </summary>
public sealed class GeneratedCodeTests
{
    private const string Sales = "Paylent.ArchitectureTests.Fixtures.Domain.Sales";

    [Fact]
    public void NetArchTest_alone_misses_a_use_inside_an_async_lambda() =>
        Assert.True(Types.InAssembly(typeof(Reminder).Assembly).That().HaveName(nameof(Reminder)).ShouldNot().HaveDependencyOn(Sales).GetResult().IsSuccessful);

    [Fact]
    public void NetArchTest_alone_reports_a_use_inside_an_async_method_or_a_lambda_against_the_declaring_type() =>
        Assert.Equal(
            [typeof(Dunning), typeof(LateFee)],
            Types.InAssembly(typeof(Reminder).Assembly).That().HaveName(nameof(Dunning)).Or().HaveName(nameof(LateFee))
                .ShouldNot().HaveDependencyOn(Sales).GetResult().FailingTypes.OrderBy(t => t.Name));

    [Fact]
    public void Adapter_reports_a_use_inside_an_async_lambda_against_the_declaring_type() =>
        Assert.Equal(
            [typeof(Reminder)],
            Types.InAssembly(typeof(Reminder).Assembly).That().HaveName(nameof(Reminder))
                .Should().MeetCustomRule(new GeneratedCodeUsesNone([Sales])).GetResult().FailingTypes);
}
