package dev.tusk.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantContextTest {

    @Test
    void shouldDefaultToAppTenantIdAndTheLoginRole() {
        TenantContext tenant = TenantContext.of("a");
        assertThat(tenant.setting()).isEqualTo("app.tenant_id").isEqualTo(TenantContext.DEFAULT_SETTING);
        assertThat(tenant.role()).isNull();
    }

    @Test
    void shouldRefuseASettingThatIsNotACustomSettingName() {
        assertThatThrownBy(() -> TenantContext.of("a").withSetting("app.tenant_id'; DROP TABLE note; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app.tenant_id'; DROP TABLE note; --");
        // A built-in setting has no dot, so a tenant id can never land in search_path or role.
        assertThatThrownBy(() -> TenantContext.of("a").withSetting("search_path"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'search_path'");
        assertThat(TenantContext.of("a").withSetting("myapp.org_id").setting()).isEqualTo("myapp.org_id");
    }

    @Test
    void shouldRefuseARoleThatIsNotOneIdentifier() {
        assertThatThrownBy(() -> TenantContext.of("a").withRole("reader; DROP ROLE admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reader; DROP ROLE admin");
        assertThatThrownBy(() -> TenantContext.of("a").withRole("public.reader"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public.reader");
        assertThatThrownBy(() -> TenantContext.of("a").withRole("NONE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'NONE'");
    }

    @Test
    void shouldFoldAPlainRoleAndKeepAQuotedOne() {
        assertThat(TenantContext.of("a").withRole("Reader").role()).isEqualTo("reader");
        assertThat(TenantContext.of("a").withRole("\"Reader\"").role()).isEqualTo("Reader");
    }

    @Test
    void shouldRefuseAnEmptyOrNulTenantIdWithoutQuotingIt() {
        assertThatThrownBy(() -> TenantContext.of(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> TenantContext.of("secret\0id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> TenantContext.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldKeepTheTenantIdOutOfToString() {
        assertThat(TenantContext.of("tenant-4711").withRole("reader").toString())
                .doesNotContain("tenant-4711")
                .contains("app.tenant_id", "reader");
    }
}
