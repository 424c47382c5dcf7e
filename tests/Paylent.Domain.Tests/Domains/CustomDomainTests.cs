using Paylent.Domain.Common;
using Paylent.Domain.Domains;

namespace Paylent.Domain.Tests.Domains;

public sealed class CustomDomainTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid EnvironmentId = Guid.CreateVersion7();

    private static CustomDomain NewDomain(string hostname = "auth.example.com") =>
        CustomDomain.Create(EnvironmentId, Hostname.Parse(hostname), "paylent.test", Now);

    /// <summary>A domain brought to <paramref name="state"/> through the transitions the use cases make.</summary>
    private static CustomDomain InState(DomainState state)
    {
        var domain = NewDomain();
        switch (state)
        {
            case DomainState.PendingVerification:
                break;
            case DomainState.VerificationFailed:
                domain.FailVerification("No TXT record.", Now);
                break;
            case DomainState.Verified:
                domain.MarkVerified(Now);
                break;
            case DomainState.CertificatePending:
                domain.MarkVerified(Now);
                domain.RequestCertificate(Now);
                break;
            case DomainState.Active:
                domain.MarkVerified(Now);
                domain.RequestCertificate(Now);
                domain.CertificateIssued("Pebble Intermediate CA", "0a1b", Now, Now.AddDays(90), Now.AddDays(60), Now);
                break;
            case DomainState.CertificateFailed:
                domain.MarkVerified(Now);
                domain.RequestCertificate(Now);
                domain.CertificateFailed("urn:ietf:params:acme:error:unauthorized: no answer", Now.AddHours(1), Now);
                break;
            case DomainState.Disabled:
                domain.MarkVerified(Now);
                domain.Disable("The TXT record is gone.", Now);
                break;
        }

        Assert.Equal(state, domain.State);
        domain.ClearDomainEvents();
        return domain;
    }

    [Fact]
    public void A_new_domain_waits_for_verification_with_a_random_128_bit_value_and_its_records_name()
    {
        var first = NewDomain();
        var second = NewDomain("other.example.com");

        Assert.Equal(DomainState.PendingVerification, first.State);
        Assert.Null(first.CertificateStatus);
        Assert.Equal("_paylent-verification.auth.example.com", first.VerificationRecordName);
        var value = first.VerificationValue["paylent-verification=".Length..];
        Assert.StartsWith("paylent-verification=", first.VerificationValue, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/') + "==").Length >= 16);
        Assert.NotEqual(first.VerificationValue, second.VerificationValue);
    }

    [Theory]
    [InlineData("paylent.test")]
    [InlineData("auth.paylent.test")]
    [InlineData("acme-prod.paylent.test")]
    [InlineData("PAYLENT.test.")]
    public void The_base_domain_and_names_under_it_cannot_be_claimed(string hostname)
    {
        var error = Assert.Throws<DomainException>(() => CustomDomain.Create(EnvironmentId, Hostname.Parse(hostname), "paylent.test.", Now));
        Assert.Equal("invalid_hostname", error.Code);
    }

    [Fact]
    public void A_name_that_only_ends_like_the_base_domain_can_be_claimed() =>
        Assert.Equal("mypaylent.test", CustomDomain.Create(EnvironmentId, Hostname.Parse("mypaylent.test"), "paylent.test", Now).Hostname);

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Disabled)]
    public void Verification_moves_a_waiting_failed_or_disabled_domain_to_verified(DomainState from)
    {
        var domain = InState(from);
        var later = Now.AddHours(1);

        domain.MarkVerified(later);

        Assert.Equal(DomainState.Verified, domain.State);
        Assert.Equal(later, domain.VerifiedAt);
        Assert.Equal(later, domain.LastCheckedAt);
        Assert.Null(domain.LastError);
        Assert.Equal("domain.verified", Assert.Single(domain.DomainEvents).Action);
    }

    [Fact]
    public void Verification_brings_a_domain_disabled_with_a_valid_certificate_back_to_active_on_it()
    {
        var domain = InState(DomainState.Active);
        domain.Disable("No TXT record found.", Now.AddDays(1));
        domain.ClearDomainEvents();

        domain.MarkVerified(Now.AddDays(2));

        Assert.Equal(DomainState.Active, domain.State);
        Assert.Equal(CertificateStatus.Provisioned, domain.CertificateStatus);
        Assert.Equal("0a1b", domain.CertificateSerial);
        Assert.Equal(Now.AddDays(60), domain.RenewAfter);
        Assert.Equal(Now.AddDays(2), domain.VerifiedAt);
        Assert.Null(domain.LastError);
        Assert.Equal("domain.verified", Assert.Single(domain.DomainEvents).Action);
    }

    [Fact]
    public void Verification_of_a_domain_disabled_with_an_expired_certificate_is_verified_so_a_new_one_is_ordered()
    {
        var domain = InState(DomainState.Active);
        domain.Disable("No TXT record found.", Now.AddDays(1));

        domain.MarkVerified(Now.AddDays(90));

        Assert.Equal(DomainState.Verified, domain.State);
        domain.RequestCertificate(Now.AddDays(90));
        Assert.Equal(DomainState.CertificatePending, domain.State);
    }

    [Theory]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificatePending)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.CertificateFailed)]
    public void Verification_of_a_proven_domain_only_notes_the_check(DomainState from)
    {
        var domain = InState(from);
        var verifiedAt = domain.VerifiedAt;

        domain.MarkVerified(Now.AddDays(1));

        Assert.Equal(from, domain.State);
        Assert.Equal(verifiedAt, domain.VerifiedAt);
        Assert.Equal(Now.AddDays(1), domain.LastCheckedAt);
        Assert.Empty(domain.DomainEvents);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    public void A_failed_check_of_an_unverified_domain_is_verification_failed_with_its_error(DomainState from)
    {
        var domain = InState(from);

        domain.FailVerification("No TXT record found at _paylent-verification.auth.example.com.", Now);

        Assert.Equal(DomainState.VerificationFailed, domain.State);
        Assert.Equal("No TXT record found at _paylent-verification.auth.example.com.", domain.LastError);
        Assert.Equal("domain.verification_failed", Assert.Single(domain.DomainEvents).Action);
    }

    [Theory]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificatePending)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.CertificateFailed)]
    [InlineData(DomainState.Disabled)]
    public void Verification_cannot_fail_for_a_domain_past_it(DomainState from) =>
        Refused(InState(from), d => d.FailVerification("x", Now));

    [Theory]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificatePending)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.CertificateFailed)]
    public void A_proven_domain_whose_records_are_gone_is_disabled_keeping_its_certificate_details(DomainState from)
    {
        var domain = InState(from);
        var notAfter = domain.CertificateNotAfter;

        domain.Disable("No TXT record found.", Now.AddDays(2));

        Assert.Equal(DomainState.Disabled, domain.State);
        Assert.Equal("No TXT record found.", domain.LastError);
        Assert.Equal(notAfter, domain.CertificateNotAfter);
        Assert.Equal("domain.disabled", Assert.Single(domain.DomainEvents).Action);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Disabled)]
    public void Only_a_proven_domain_can_be_disabled(DomainState from) =>
        Refused(InState(from), d => d.Disable("x", Now));

    [Theory]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.Disabled)]
    public void A_lookup_failure_of_a_proven_or_disabled_domain_keeps_its_state_and_records_the_error(DomainState from)
    {
        var domain = InState(from);

        domain.RecordCheckFailure("The DNS lookup timed out.", Now.AddDays(1));

        Assert.Equal(from, domain.State);
        Assert.Equal("The DNS lookup timed out.", domain.LastError);
        Assert.Equal(Now.AddDays(1), domain.LastCheckedAt);
        Assert.Empty(domain.DomainEvents);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    public void A_lookup_failure_of_an_unverified_domain_is_not_a_mere_note(DomainState from) =>
        Refused(InState(from), d => d.RecordCheckFailure("x", Now));

    [Theory]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificateFailed)]
    public void A_certificate_is_requested_for_a_verified_domain_or_again_after_a_failure(DomainState from)
    {
        var domain = InState(from);

        domain.RequestCertificate(Now);

        Assert.Equal(DomainState.CertificatePending, domain.State);
        Assert.Equal(CertificateStatus.Provisioning, domain.CertificateStatus);
        Assert.Null(domain.LastError);
        Assert.Equal("domain.certificate_requested", Assert.Single(domain.DomainEvents).Action);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.CertificatePending)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.Disabled)]
    public void A_certificate_cannot_be_requested_for_an_unverified_pending_active_or_disabled_domain(DomainState from) =>
        Refused(InState(from), d => d.RequestCertificate(Now));

    [Fact]
    public void An_issued_certificate_activates_the_domain_with_its_details()
    {
        var domain = InState(DomainState.CertificatePending);

        domain.CertificateIssued("Pebble Intermediate CA", "0a1b2c", Now, Now.AddDays(90), Now.AddDays(60), Now);

        Assert.Equal(DomainState.Active, domain.State);
        Assert.Equal(CertificateStatus.Provisioned, domain.CertificateStatus);
        Assert.Equal(("Pebble Intermediate CA", "0a1b2c"), (domain.CertificateIssuer, domain.CertificateSerial));
        Assert.Equal((Now, Now.AddDays(90), Now.AddDays(60)), (domain.CertificateNotBefore!.Value, domain.CertificateNotAfter!.Value, domain.RenewAfter!.Value));
        Assert.Equal("domain.certificate_issued", Assert.Single(domain.DomainEvents).Action);
    }

    [Fact]
    public void A_renewed_certificate_replaces_the_active_ones_details_and_clears_a_renewal_failure()
    {
        var domain = InState(DomainState.Active);
        domain.RenewalFailed("CA down", Now.AddDays(61), Now.AddDays(60));

        domain.CertificateIssued("Pebble Intermediate CA", "ffee", Now.AddDays(61), Now.AddDays(151), Now.AddDays(121), Now.AddDays(61));

        Assert.Equal(DomainState.Active, domain.State);
        Assert.Equal(CertificateStatus.Provisioned, domain.CertificateStatus);
        Assert.Equal("ffee", domain.CertificateSerial);
        Assert.Null(domain.LastError);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificateFailed)]
    public void A_certificate_is_installed_only_for_a_pending_active_or_disabled_domain(DomainState from) =>
        Refused(InState(from), d => d.CertificateIssued("CA", "01", Now, Now.AddDays(90), Now.AddDays(60), Now));

    [Fact]
    public void A_domain_disabled_while_its_order_ran_records_the_certificate_stays_disabled_and_comes_back_on_it()
    {
        var domain = InState(DomainState.CertificatePending);
        domain.Disable("The TXT record is gone.", Now);

        domain.CertificateIssued("Pebble Intermediate CA", "0c0ffee0", Now, Now.AddDays(90), Now.AddDays(60), Now.AddMinutes(1));

        Assert.Equal(DomainState.Disabled, domain.State);
        Assert.Equal(CertificateStatus.Provisioned, domain.CertificateStatus);
        Assert.Equal("0c0ffee0", domain.CertificateSerial);
        Assert.Equal(Now.AddDays(60), domain.RenewAfter);
        domain.MarkVerified(Now.AddMinutes(2));
        Assert.Equal(DomainState.Active, domain.State);
        Assert.Equal("0c0ffee0", domain.CertificateSerial);
    }

    [Theory]
    [InlineData(0, 0, "CA")]
    [InlineData(90, 90, "CA")]
    [InlineData(90, -1, "CA")]
    [InlineData(90, 60, " ")]
    public void A_certificate_with_inconsistent_details_is_refused(int lifetimeDays, int renewDays, string issuer)
    {
        var domain = InState(DomainState.CertificatePending);

        var error = Assert.Throws<DomainException>(() => domain.CertificateIssued(issuer, "01", Now, Now.AddDays(lifetimeDays), Now.AddDays(renewDays), Now));

        Assert.Equal("invalid_certificate", error.Code);
        Assert.Equal(DomainState.CertificatePending, domain.State);
    }

    [Fact]
    public void A_failed_first_certificate_is_certificate_failed_with_the_cas_problem()
    {
        var domain = InState(DomainState.CertificatePending);

        domain.CertificateFailed("urn:ietf:params:acme:error:rateLimited: too many certificates", Now.AddHours(1), Now);

        Assert.Equal(DomainState.CertificateFailed, domain.State);
        Assert.Equal(CertificateStatus.ProvisioningFailed, domain.CertificateStatus);
        Assert.Equal("urn:ietf:params:acme:error:rateLimited: too many certificates", domain.LastError);
        Assert.Equal("domain.certificate_failed", Assert.Single(domain.DomainEvents).Action);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.CertificateFailed)]
    [InlineData(DomainState.Disabled)]
    public void Only_a_pending_certificate_can_fail(DomainState from) =>
        Refused(InState(from), d => d.CertificateFailed("x", Now.AddHours(1), Now));

    [Fact]
    public void A_failed_renewal_keeps_the_domain_active_shows_renewing_failed_and_sets_the_retry()
    {
        var domain = InState(DomainState.Active);
        var now = Now.AddDays(60);

        domain.RenewalFailed("The CA did not answer.", now.AddHours(1), now);

        Assert.Equal(DomainState.Active, domain.State);
        Assert.Equal(CertificateStatus.RenewingFailed, domain.CertificateStatus);
        Assert.Equal(now.AddHours(1), domain.RenewAfter);
        Assert.Equal("Pebble Intermediate CA", domain.CertificateIssuer);
        Assert.Equal("domain.renewal_failed", Assert.Single(domain.DomainEvents).Action);
        Assert.Equal("invalid_retry", Assert.Throws<DomainException>(() => domain.RenewalFailed("x", now, now)).Code);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificatePending)]
    [InlineData(DomainState.CertificateFailed)]
    [InlineData(DomainState.Disabled)]
    public void Only_an_active_domain_renews(DomainState from) =>
        Refused(InState(from), d => d.RenewalFailed("x", Now.AddHours(1), Now));

    [Fact]
    public void A_failed_first_certificate_keeps_its_retry_time_as_renew_after()
    {
        var domain = InState(DomainState.CertificatePending);

        domain.CertificateFailed("urn:ietf:params:acme:error:unauthorized: wrong answer", Now.AddHours(2), Now);

        Assert.Equal(Now.AddHours(2), domain.RenewAfter);
        Assert.Equal("invalid_retry", Assert.Throws<DomainException>(() => InState(DomainState.CertificatePending).CertificateFailed("x", Now, Now)).Code);
    }

    [Fact]
    public void A_delayed_first_certificate_stays_pending_with_the_reason_and_the_retry()
    {
        var domain = InState(DomainState.CertificatePending);

        domain.CertificateDelayed("The certificate authority could not be reached.", Now.AddHours(1), Now);

        Assert.Equal(DomainState.CertificatePending, domain.State);
        Assert.Equal(CertificateStatus.Provisioning, domain.CertificateStatus);
        Assert.Equal("The certificate authority could not be reached.", domain.LastError);
        Assert.Equal(Now.AddHours(1), domain.RenewAfter);
        Assert.Equal("domain.certificate_delayed", Assert.Single(domain.DomainEvents).Action);
        Assert.Equal("invalid_retry", Assert.Throws<DomainException>(() => domain.CertificateDelayed("x", Now.AddSeconds(-1), Now)).Code);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.CertificateFailed)]
    [InlineData(DomainState.Disabled)]
    public void Only_a_pending_certificate_is_delayed(DomainState from) =>
        Refused(InState(from), d => d.CertificateDelayed("x", Now.AddHours(1), Now));

    [Theory]
    [InlineData(DomainState.Active)]
    [InlineData(DomainState.CertificateFailed)]
    public void Renew_now_makes_the_certificate_due_at_once_and_keeps_the_state(DomainState from)
    {
        var domain = InState(from);
        var later = Now.AddDays(3);

        domain.RequestRenewal(later);

        Assert.Equal(from, domain.State);
        Assert.Equal(later, domain.RenewAfter);
        Assert.Equal("domain.renewal_requested", Assert.Single(domain.DomainEvents).Action);
    }

    [Theory]
    [InlineData(DomainState.PendingVerification)]
    [InlineData(DomainState.VerificationFailed)]
    [InlineData(DomainState.Verified)]
    [InlineData(DomainState.CertificatePending)]
    [InlineData(DomainState.Disabled)]
    public void Only_an_active_or_failed_certificate_is_renewed_on_request(DomainState from) =>
        Refused(InState(from), d => d.RequestRenewal(Now));

    [Fact]
    public void The_cas_window_moves_the_renewal_of_the_certificate_in_use()
    {
        var domain = InState(DomainState.Active);

        Assert.True(domain.ScheduleRenewal("0a1b", Now.AddDays(70), Now.AddDays(1)));

        Assert.Equal(Now.AddDays(70), domain.RenewAfter);
        Assert.Equal("domain.renewal_scheduled", Assert.Single(domain.DomainEvents).Action);
    }

    [Fact]
    public void The_cas_window_leaves_another_certificate_a_due_renewal_or_the_same_time_alone_and_never_passes_the_end()
    {
        var domain = InState(DomainState.Active);

        Assert.False(domain.ScheduleRenewal("ffff", Now.AddDays(70), Now.AddDays(1)));
        Assert.False(domain.ScheduleRenewal("0a1b", Now.AddDays(60), Now.AddDays(1)));
        Assert.False(domain.ScheduleRenewal("0a1b", Now.AddDays(70), Now.AddDays(61)));
        Assert.Equal("invalid_certificate", Assert.Throws<DomainException>(() => domain.ScheduleRenewal("0a1b", Now.AddDays(90), Now.AddDays(1))).Code);
        domain.RequestRenewal(Now.AddDays(2));
        domain.ClearDomainEvents();
        Assert.False(domain.ScheduleRenewal("0a1b", Now.AddDays(70), Now.AddDays(3)));

        Assert.Equal(Now.AddDays(2), domain.RenewAfter);
        Assert.Empty(domain.DomainEvents);
        Assert.False(InState(DomainState.CertificateFailed).ScheduleRenewal("0a1b", Now.AddDays(70), Now));
    }

    [Fact]
    public void A_long_error_is_cut_to_its_bound()
    {
        var domain = NewDomain();

        domain.FailVerification(new string('x', 5000), Now);

        Assert.Equal(CustomDomain.MaxErrorLength, domain.LastError!.Length);
    }

    [Fact]
    public void Every_state_and_certificate_status_has_its_api_name_and_parses_back()
    {
        Assert.All(Enum.GetValues<DomainState>(), s => Assert.Equal(s, DomainStates.Parse(DomainStates.Name(s))));
        Assert.Equal(
            ["provisioning", "provisioned", "provisioning_failed", "renewing_failed"],
            Enum.GetValues<CertificateStatus>().Select(DomainStates.Name));
        Assert.Null(DomainStates.Parse("Active"));
    }

    private static void Refused(CustomDomain domain, Action<CustomDomain> change)
    {
        var state = domain.State;
        var error = Assert.Throws<DomainException>(() => change(domain));
        Assert.Equal("invalid_domain_state", error.Code);
        Assert.Equal(state, domain.State);
        Assert.Empty(domain.DomainEvents);
    }

    [Fact]
    public void An_error_cut_to_its_bound_inside_an_emoji_keeps_whole_characters()
    {
        var domain = NewDomain();

        domain.FailVerification(new string('a', CustomDomain.MaxErrorLength - 2) + "\U0001F600 and more", Now);

        // As Npgsql encodes text: half a surrogate pair would fail the save that records the error.
        var strict = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        Assert.Null(Record.Exception(() => strict.GetBytes(domain.LastError!)));
        Assert.True(domain.LastError!.Length <= CustomDomain.MaxErrorLength);
    }
}
