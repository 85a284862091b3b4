<?php
function acme_hello(): string { return "hello"; }
