/** Row-level security: tenant contexts applied to each transaction, so pooled connections never carry one tenant's settings into another's work. */
package dev.tusk.security;
