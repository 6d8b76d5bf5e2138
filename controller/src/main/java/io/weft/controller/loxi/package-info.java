/**
 * The only package that sees OpenFlowJ-Loxi: wire codec, handshake states, sessions, and the
 * translation of Weft's flow specs into OpenFlow messages. An architecture test keeps Loxi types from
 * leaking out of it; everything public here speaks Weft's own types.
 */
package io.weft.controller.loxi;
